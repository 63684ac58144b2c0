import type { Mail } from '../../platform/mailer.js';
import { escapeHtml, mailHtml } from '../../platform/mail-layout.js';

interface Person {
  name: string;
  email: string;
}
interface Community {
  name: string;
  slug: string;
}

export const memberMail = {
  requestApproved: (to: Person, community: Community, origin: string): Mail => {
    const link = `${origin}/c/${community.slug}`;
    return {
      to: to.email,
      kind: 'request_approved',
      subject: `Welcome to ${community.name}`,
      text: `Hello ${to.name},\n\nYour request to join ${community.name} was approved. Welcome!\n\nHave a look around: ${link}\n\n— Commonplace`,
      html: mailHtml(
        [
          `Hello ${escapeHtml(to.name)},`,
          `Your request to join <strong>${escapeHtml(community.name)}</strong> was approved. Welcome!`,
        ],
        { label: 'Visit the community', link },
      ),
    };
  },
  // Declining is not a judgement of the person: say so, and leave the door open.
  requestDeclined: (to: Person, community: Community): Mail => ({
    to: to.email,
    kind: 'request_declined',
    subject: `About your request to join ${community.name}`,
    text: `Hello ${to.name},\n\nThank you for your interest in ${community.name}. The coordinators were not able to accept your request this time; this is often about the community's scope or size rather than about you.\n\nYou are welcome to ask again later, or to reach out to a coordinator.\n\n— Commonplace`,
    html: mailHtml([
      `Hello ${escapeHtml(to.name)},`,
      `Thank you for your interest in <strong>${escapeHtml(community.name)}</strong>. The coordinators were not able to accept your request this time; this is often about the community's scope or size rather than about you.`,
      'You are welcome to ask again later, or to reach out to a coordinator.',
    ]),
  }),
};
