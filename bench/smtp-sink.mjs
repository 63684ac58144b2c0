// A local SMTP server that accepts and discards every message, counting them; runs in a worker
// thread so that it does not share the event loop of what it measures.
import { parentPort, workerData } from 'node:worker_threads';
import { SMTPServer } from 'smtp-server';

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      if (received % 100 === 0 || received === workerData.expect) parentPort.postMessage({ received });
      callback();
    });
  },
});
// A sender that goes away mid-message is dropped, as a real server would.
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
