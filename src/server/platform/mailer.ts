import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Conn, Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import type { Logger } from './logger.js';
import { createSmtpPool } from './smtp-pool.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

export interface DirectMail extends Mail {
  /** A fixed Message-ID, so that a message resent after a crash is known as the same one. */
  messageId?: string;
}

export interface Mailer {
  /** Writes the message to the outbox and delivers it now. */
  send(mail: Mail): Promise<void>;
  /**
   * Writes the message to the outbox as `queued`, inside the caller's transaction: it exists
   * exactly when the transaction commits. `deliverQueued` sends it.
   */
  enqueue(conn: Conn, mail: Mail): Promise<void>;
  /** Sends every queued message (and any a stopped process left half-sent); returns how many were tried. */
  deliverQueued(): Promise<number>;
  /**
   * Hands a message to the SMTP server now and throws when it is refused or unreachable, for
   * callers that keep their own record of delivery (a round-up's copies, sent by jobs that
   * retry). Without SMTP the message is kept in the outbox instead.
   */
  sendNow(mail: DirectMail): Promise<void>;
  /** Whether mail leaves this instance at all (an SMTP server is configured). */
  readonly delivers: boolean;
  /** Closes kept-open SMTP connections. */
  close(): void;
}

/** A message claimed for delivery that has been in that state this long was left by a process that stopped. */
const abandonedAfterMs = 15 * 60_000;
const batchSize = 50;

/**
 * Every message is written to the outbox first. With SMTP configured it is then delivered and
 * marked sent (or failed); without SMTP it stays "kept", readable by the instance admin.
 *
 * Statuses: `kept` (no SMTP), `queued` (waiting for `deliverQueued`), `sending` (claimed by one
 * process), `sent`, `failed`. A queued row is claimed by moving it to `sending` under
 * SKIP LOCKED, so two processes delivering at once never send one message twice.
 */
export function createMailer(db: Db, options: { smtpUrl?: string; from: string; logger: Logger }): Mailer {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  // Bulk mail (round-ups) is composed and sent from a worker thread over a few kept-open
  // connections, off the thread that serves requests.
  const pooled = options.smtpUrl ? createSmtpPool(options.smtpUrl, { maxConnections: 5 }) : null;

  async function deliver(id: string, mail: Mail) {
    if (!transport) return;
    try {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
      await db.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(eq(outbox.id, id));
    } catch (err) {
      options.logger.error({ event: 'mail.failed', err, kind: mail.kind }, 'mail delivery failed');
      await db
        .update(outbox)
        .set({ status: 'failed', error: String(err), sentAt: null })
        .where(eq(outbox.id, id));
    }
  }

  /** Claims up to a batch of waiting rows: `queued`, or `sending` for longer than a process lives. */
  async function claim() {
    const abandoned = new Date(Date.now() - abandonedAfterMs);
    const waiting = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        or(
          eq(outbox.status, 'queued'),
          and(eq(outbox.status, 'sending'), lt(sql`coalesce(${outbox.sentAt}, ${outbox.createdAt})`, abandoned)),
        ),
      )
      .orderBy(asc(outbox.createdAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    // `sent_at` marks when a row was claimed until it is sent: a claim older than
    // `abandonedAfterMs` belongs to a process that stopped.
    return db
      .update(outbox)
      .set({ status: 'sending', sentAt: new Date() })
      .where(inArray(outbox.id, waiting))
      .returning();
  }

  const row = (mail: Mail, status: string) => ({
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
    kind: mail.kind,
    headers: mail.headers ?? null,
    status,
  });

  return {
    delivers: !!transport,
    close() {
      pooled?.close();
      transport?.close();
    },

    async sendNow(mail) {
      if (!pooled) {
        await db.insert(outbox).values(row(mail, 'kept'));
        return;
      }
      await pooled.send({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
        // Said outright, so that a long HTML part is not scanned character by character to choose.
        textEncoding: 'quoted-printable',
      });
    },

    async send(mail) {
      const [row] = await db
        .insert(outbox)
        .values({
          ...mail,
          html: mail.html ?? null,
          headers: mail.headers ?? null,
          status: transport ? 'sending' : 'kept',
        })
        .returning({ id: outbox.id });
      await deliver(row.id, mail);
    },

    async enqueue(conn, mail) {
      await conn.insert(outbox).values(row(mail, transport ? 'queued' : 'kept'));
    },

    async deliverQueued() {
      if (!transport) return 0;
      let tried = 0;
      for (;;) {
        const rows = await claim();
        for (const row of rows) {
          await deliver(row.id, {
            to: row.to,
            subject: row.subject,
            text: row.text,
            html: row.html ?? undefined,
            kind: row.kind,
            headers: row.headers ?? undefined,
          });
        }
        tried += rows.length;
        if (rows.length < batchSize) return tried;
      }
    },
  };
}
