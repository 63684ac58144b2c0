// Hands bulk mail (round-up copies) to the SMTP server from a worker thread. Composing a MIME
// message — quoted-printable encoding, line folding, dot-stuffing — costs more CPU than anything
// else in a copy's delivery; here it no longer holds up the thread that serves HTTP and records
// deliveries. Protocol: { id, mail } in, { id } or { id, error } out; { close: true } closes.
import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';

const transport = nodemailer.createTransport({
  url: workerData.url,
  pool: true,
  maxConnections: workerData.maxConnections,
  maxMessages: Infinity,
  // A server that stops answering fails the attempt well inside a delivery job's lease.
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 20_000,
});

parentPort.on('message', (message) => {
  if (message.close) {
    transport.close();
    parentPort.close();
    return;
  }
  transport.sendMail(message.mail).then(
    () => parentPort.postMessage({ id: message.id }),
    (err) =>
      parentPort.postMessage({
        id: message.id,
        error: { message: String(err?.message ?? err), code: err?.code, responseCode: err?.responseCode },
      }),
  );
});
