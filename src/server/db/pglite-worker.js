// Runs the embedded database (PGlite) in a worker thread. PGlite executes every query
// synchronously; here that work no longer blocks the thread that serves HTTP.
// Protocol: { id, op, ... } in, { id, ok, result | error } out. See pglite-remote.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const identity = (value) => value;
const open = new Map();

function queryOptions(wire) {
  if (!wire) return undefined;
  const parsers = {};
  for (const type of wire.rawTypes ?? []) parsers[type] = identity;
  return { rowMode: wire.rowMode, parsers };
}

function target(txId) {
  if (txId === undefined) return db;
  const entry = open.get(txId);
  if (!entry) throw new Error('Transaction is closed');
  return entry.tx;
}

function serializeError(err) {
  const out = { message: err?.message ?? String(err), name: err?.name ?? 'Error' };
  for (const key of Object.keys(err ?? {})) {
    const value = err[key];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  return out;
}

const result = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });
class Rollback extends Error {}

let db;
try {
  db = await PGlite.create({
    dataDir: workerData.dataDir,
    loadDataDir: workerData.loadDataDir ? new Blob([workerData.loadDataDir]) : undefined,
  });
  parentPort.postMessage({ id: 0, ok: true });
} catch (err) {
  parentPort.postMessage({ id: 0, ok: false, error: serializeError(err) });
}

parentPort.on('message', async (msg) => {
  const { id } = msg;
  const reply = (value, transfer) => parentPort.postMessage({ id, ok: true, result: value }, transfer);
  try {
    switch (msg.op) {
      case 'query':
        reply(result(await target(msg.tx).query(msg.sql, msg.params, queryOptions(msg.options))));
        break;
      case 'exec':
        reply((await target(msg.tx).exec(msg.sql)).map(result));
        break;
      case 'begin': {
        // The transaction stays open, holding PGlite's transaction lock, until 'end' arrives.
        const entry = { started: false };
        entry.done = db.transaction(
          (tx) =>
            new Promise((resolve, reject) => {
              Object.assign(entry, { tx, resolve, reject, started: true });
              open.set(id, entry);
              reply(id);
            }),
        );
        entry.done.catch((err) => {
          if (!entry.started) parentPort.postMessage({ id, ok: false, error: serializeError(err) });
        });
        break;
      }
      case 'end': {
        const entry = open.get(msg.tx);
        if (!entry) throw new Error('Transaction is closed');
        open.delete(msg.tx);
        if (msg.commit) entry.resolve();
        else entry.reject(new Rollback('rolled back'));
        try {
          await entry.done;
        } catch (err) {
          if (!(err instanceof Rollback)) throw err;
        }
        reply(null);
        break;
      }
      case 'dump': {
        const buffer = await (await db.dumpDataDir(msg.compression)).arrayBuffer();
        reply(buffer, [buffer]);
        break;
      }
      case 'close':
        await db.close();
        reply(null);
        parentPort.close();
        break;
      default:
        throw new Error(`unknown operation ${msg.op}`);
    }
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: serializeError(err) });
  }
});
