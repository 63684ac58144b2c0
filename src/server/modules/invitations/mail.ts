import type { Mail } from '../../platform/mailer.js';
import { escapeHtml, mailHtml } from '../../platform/mail-layout.js';

export interface InvitationMail {
  to: string;
  inviterName: string;
  community: { name: string; domain: string };
  message?: string;
  link: string;
  days: number;
}

export function invitationMail(m: InvitationMail): Mail {
  const intro = `${m.inviterName} invited you to join ${m.community.name} on Commonplace.`;
  const note = m.message ? `\n\nTheir message:\n${m.message}` : '';
  const about = m.community.domain ? `\n\nWhat it is about: ${m.community.domain}` : '';
  return {
    to: m.to,
    kind: 'invitation',
    subject: `${m.inviterName} invited you to ${m.community.name}`,
    text: `Hello,\n\n${intro}${about}${note}\n\nAccept the invitation: ${m.link}\n\nThe link works once, for ${m.days} days, for an account with this email address. If you do not know the sender, you can ignore this email.\n\n— Commonplace`,
    html: mailHtml(
      [
        'Hello,',
        escapeHtml(intro),
        ...(m.community.domain ? [`What it is about: ${escapeHtml(m.community.domain)}`] : []),
        ...(m.message ? [`Their message:<br>${escapeHtml(m.message).replace(/\n/g, '<br>')}`] : []),
        `The link works once, for ${m.days} days, for an account with this email address. If you do not know the sender, you can ignore this email.`,
      ],
      { label: 'Accept the invitation', link: m.link },
    ),
  };
}
