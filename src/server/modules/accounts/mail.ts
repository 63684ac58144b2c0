import { escapeHtml, mailHtml } from '../../platform/mail-layout.js';
import type { Mail } from '../../platform/mailer.js';

interface Person {
  name: string;
  email: string;
}

const footer = '\n\nIf you did not ask for this, you can ignore this email.\n\n— Commonplace';
const linkMail = (to: Person, kind: string, subject: string, intro: string, action: string, link: string): Mail => ({
  to: to.email,
  kind,
  subject,
  text: `Hello ${to.name},\n\n${intro}\n\n${action}: ${link}\n\nThe link works for 10 minutes, once, in the browser where you asked for it.${footer}`,
  html:
    mailHtml(
      [
        `Hello ${escapeHtml(to.name)},`,
        escapeHtml(intro),
        'The link works for 10 minutes, once, in the browser where you asked for it.',
      ],
      { label: action, link },
    ) + '<p style="color:#555">If you did not ask for this, you can ignore this email.</p>',
});

export const authMail = {
  magicLink: (to: Person, link: string) =>
    linkMail(
      to,
      'magic_link',
      'Your sign-in link for Commonplace',
      'Here is the link you asked for to sign in.',
      'Sign in',
      link,
    ),
  verifyEmail: (to: Person, link: string) =>
    linkMail(
      to,
      'verify_email',
      'Confirm your email for Commonplace',
      'Confirm your email address to finish signing up.',
      'Confirm and sign in',
      link,
    ),
  alreadyRegistered: (to: Person, link: string) =>
    linkMail(
      to,
      'already_registered',
      'You already have a Commonplace account',
      'Somebody (hopefully you) tried to sign up with this address, which already has an account. Use this link to sign in instead.',
      'Sign in',
      link,
    ),
  passwordReset: (to: Person, link: string) =>
    linkMail(
      to,
      'password_reset',
      'Reset your Commonplace password',
      'Use this link to choose a new password.',
      'Choose a new password',
      link,
    ),
  emailChanged: (to: Person, newEmail: string): Mail => ({
    to: to.email,
    kind: 'email_changed',
    subject: 'Your Commonplace email address was changed',
    text: `Hello ${to.name},\n\nThe email address of your account was changed to ${newEmail}. Links sent to this address no longer work.\n\nIf this was not you, contact your instance admin.${footer}`,
  }),
};
