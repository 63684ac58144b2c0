import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RemotePGlite } from '../db/pglite-remote.js';
import type { Logger } from './logger.js';

const PREFIX = 'commonplace-';
const SUFFIX = '.tar.gz';

export interface BackupOptions {
  dir: string;
  /** How many backups to keep; older ones are deleted after a new one is written. */
  keep: number;
}

/**
 * Writes one compressed copy of the embedded database. It is taken with no other transaction
 * running and after a checkpoint, so it opens like a cleanly stopped database.
 */
export async function backupEmbedded(client: RemotePGlite, options: BackupOptions, now = new Date()): Promise<string> {
  mkdirSync(options.dir, { recursive: true });
  const dump = await client.transaction(async (tx) => {
    await tx.exec('CHECKPOINT');
    return client.dumpDataDir('gzip');
  });
  const name = `${PREFIX}${now.toISOString().replace(/[:.]/g, '-')}${SUFFIX}`;
  const file = path.join(options.dir, name);
  writeFileSync(`${file}.partial`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${file}.partial`, file);
  for (const old of listBackups(options.dir).slice(options.keep)) rmSync(path.join(options.dir, old));
  return file;
}

/** Backup files, newest first. */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(PREFIX) && n.endsWith(SUFFIX))
    .sort()
    .reverse();
}

/**
 * Takes a backup whenever the newest one is older than the interval: at start when it is due,
 * then on a timer. The timer does not keep the process alive.
 */
export function scheduleBackups(
  client: RemotePGlite,
  options: BackupOptions & { intervalHours: number; logger: Logger },
): () => void {
  const intervalMs = options.intervalHours * 3_600_000;
  const due = () => {
    const newest = listBackups(options.dir)[0];
    return !newest || Date.now() - statSync(path.join(options.dir, newest)).mtimeMs >= intervalMs;
  };
  const run = async () => {
    if (!due()) return;
    const started = Date.now();
    try {
      const file = await backupEmbedded(client, options);
      options.logger.info({ event: 'backup.written', file, ms: Date.now() - started }, 'backup written');
    } catch (err) {
      options.logger.error({ event: 'backup.failed', err }, 'backup failed');
    }
  };
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, Math.min(intervalMs, 3_600_000));
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
