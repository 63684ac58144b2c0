import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import type { Logger } from './logger.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Every message is written to the outbox first. With SMTP configured it is then delivered and
 * marked sent (or failed); without SMTP it stays "kept", readable by the instance admin.
 */
export function createMailer(db: Db, options: { smtpUrl?: string; from: string; logger: Logger }): Mailer {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return {
    async send(mail) {
      const [row] = await db
        .insert(outbox)
        .values({ ...mail, html: mail.html ?? null, status: transport ? 'queued' : 'kept' })
        .returning({ id: outbox.id });
      if (!transport) return;
      try {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
        await db.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(eq(outbox.id, row.id));
      } catch (err) {
        options.logger.error({ event: 'mail.failed', err, kind: mail.kind }, 'mail delivery failed');
        await db
          .update(outbox)
          .set({ status: 'failed', error: String(err) })
          .where(eq(outbox.id, row.id));
      }
    },
  };
}
