import { Worker } from 'node:worker_threads';

export interface BulkMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
  textEncoding?: 'quoted-printable' | 'base64';
}

/** An SMTP error as it came back from the worker, with the server's code when it gave one. */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * A sender that composes and sends in a worker thread (see smtp-worker.js), with its own pool of
 * kept-open SMTP connections. Started on first use; a worker that dies fails what it held (the
 * jobs retry) and is replaced on the next message.
 */
export function createSmtpPool(url: string, options: { maxConnections?: number } = {}) {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function failAll(err: Error) {
    for (const [, p] of pending) p.reject(err);
    pending.clear();
  }

  function start(): Worker {
    const w = new Worker(new URL('./smtp-worker.js', import.meta.url), {
      workerData: { url, maxConnections: options.maxConnections ?? 5 },
    });
    w.on('message', (m: { id: number; error?: { message: string; code?: string; responseCode?: number } }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new SmtpError(m.error.message, m.error.code, m.error.responseCode));
      else p.resolve();
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new SmtpError('the mail worker stopped'));
    });
    // An idle worker does not keep the process alive.
    w.unref();
    return w;
  }

  return {
    send(mail: BulkMessage): Promise<void> {
      worker ??= start();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, mail });
      });
    },
    close() {
      const w = worker;
      worker = null;
      if (!w) return;
      w.postMessage({ close: true });
      setTimeout(() => void w.terminate(), 1000).unref();
    },
  };
}
