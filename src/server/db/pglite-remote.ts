import { Worker } from 'node:worker_threads';

interface WireOptions {
  rowMode?: 'array' | 'object';
  rawTypes?: number[];
}

export interface Results {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
}

export interface RemoteTransaction {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results>;
  exec(sql: string): Promise<Results[]>;
}

/**
 * The embedded database in a worker thread, with the part of PGlite's interface that Drizzle
 * and our backups use: query, exec, transaction, dumpDataDir and close.
 *
 * Drizzle passes parsers only to keep date and interval types as the strings PostgreSQL sent
 * (identity functions, which cannot cross a thread); the worker applies identity parsers for
 * the same type ids.
 */
export class RemotePGlite {
  #worker: Worker;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> }) => {
      const waiter = this.#pending.get(msg.id);
      if (!waiter) return;
      this.#pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.result);
      else waiter.reject(Object.assign(new Error(String(msg.error?.message)), msg.error));
    });
    worker.on('error', (err) => this.#failAll(err));
    worker.on('exit', (code) => this.#failAll(new Error(`the database worker stopped (exit code ${code})`)));
  }

  static async create(options: { dataDir?: string; loadDataDir?: Blob }): Promise<RemotePGlite> {
    const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
      workerData: { dataDir: options.dataDir, loadDataDir },
      transferList: loadDataDir ? [loadDataDir] : [],
    });
    const remote = new RemotePGlite(worker);
    await new Promise((resolve, reject) => remote.#pending.set(0, { resolve, reject }));
    return remote;
  }

  #failAll(err: unknown) {
    for (const waiter of this.#pending.values()) waiter.reject(err);
    this.#pending.clear();
  }

  #call<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ id, ...message });
    });
  }

  query(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results> {
    return this.#call({ op: 'query', sql, params, options: wire(options), tx });
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.#call({ op: 'exec', sql, tx });
  }

  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    const txId = await this.#call<number>({ op: 'begin' });
    const tx: RemoteTransaction = {
      query: (sql, params, options) => this.query(sql, params, options, txId),
      exec: (sql) => this.exec(sql, txId),
    };
    let value: T;
    try {
      value = await fn(tx);
    } catch (err) {
      // The caller's error is the one that matters; a failed rollback still ends the transaction.
      await this.#call({ op: 'end', tx: txId, commit: false }).catch(() => undefined);
      throw err;
    }
    await this.#call({ op: 'end', tx: txId, commit: true });
    return value;
  }

  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'auto'): Promise<Blob> {
    return new Blob([await this.#call<ArrayBuffer>({ op: 'dump', compression })]);
  }

  async close(): Promise<void> {
    await this.#call({ op: 'close' });
    await this.#worker.terminate();
  }
}

function wire(options?: QueryOptions): WireOptions | undefined {
  if (!options) return undefined;
  return { rowMode: options.rowMode, rawTypes: Object.keys(options.parsers ?? {}).map(Number) };
}
