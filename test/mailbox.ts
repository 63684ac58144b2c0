import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header lines as received, names in lower case. */
  headers: Map<string, string>;
  messageId: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives, for tests to read back. It can be
 * stopped (open connections are cut) and started again on the same port, to test outages.
 */
export async function startMailbox(options: { port?: number; delayMs?: number } = {}) {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const closed = new Set<string>();
  const makeServer = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onClose(session) {
        closed.add(session.id);
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            // A slow server: the message counts as received only when "250 OK" goes back to a
            // client still connected, as a real mail server takes responsibility only then.
            if (options.delayMs) {
              await new Promise((r) => setTimeout(r, options.delayMs));
              if (closed.has(session.id)) return callback(new Error('connection closed'));
            }
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: new Map(
                parsed.headerLines.map((h) => [h.key.toLowerCase(), h.line.slice(h.line.indexOf(':') + 1).trim()]),
              ),
              messageId: parsed.messageId ?? '',
            });
            for (const w of waiters) w();
            callback();
          })
          .catch(callback);
      },
    });
  const listen = async (port: number) => {
    const s = makeServer();
    // A sender that goes away in the middle of a message (a killed app) is reported as an error
    // event; like a real mail server, the mailbox drops that message and carries on.
    s.on('error', () => {});
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    return s;
  };
  let server: SMTPServer | null = await listen(options.port ?? 0);
  const port = (server.server.address() as { port: number }).port;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Waits for a message to `to` (optionally matching), received after this call or before. */
    async waitFor(to: string, match: (m: ReceivedMail) => boolean = () => true, timeoutMs = 5000) {
      const find = () => [...received].reverse().find((m) => m.to.includes(to.toLowerCase()) && match(m));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            resolve();
          };
          waiters.add(done);
          setTimeout(done, 100);
        });
      }
    },
    /** Stops accepting mail: the port refuses connections until `start`. */
    stop: closeServer,
    /** Accepts mail again on the same port. */
    async start() {
      if (server) return;
      server = await listen(port);
    },
    close: closeServer,
  };
}

/** The first link in a mail that points at `path`. */
export function linkIn(mail: ReceivedMail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/[/]/g, '\\/')}[^\\s]*`));
  if (!match) throw new Error(`No ${path} link in mail "${mail.subject}"`);
  return match[0];
}
