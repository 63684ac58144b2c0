import { serve } from '@hono/node-server';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import type { Deps } from './platform/http.js';
import { openDatabase } from './db/client.js';
import { loadEnv } from './env.js';
import { createLogger } from './platform/logger.js';
import { scheduleBackups } from './platform/backups.js';
import { createMailer } from './platform/mailer.js';
import { createPubSub } from './platform/events.js';
import { closeAllStreams } from './modules/notifications/stream.js';
import { viewCounter } from './modules/conversations/views.js';
import { createRunner, ensureSchedules } from './jobs/registry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const demo = process.argv.includes('--demo');

  const started = Date.now();
  if (!env.DATABASE_URL)
    logger.info(
      { event: 'db.opening', dataDir: env.DATA_DIR },
      'opening the embedded database (the first start takes a few seconds)',
    );
  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    onConnectionError: (err) => logger.warn({ event: 'db.connection_lost', err }, 'a database connection was lost'),
  });
  logger.info({ event: 'db.opened', kind: database.kind, ms: Date.now() - started }, 'database open');
  await database.migrate();
  logger.info({ event: 'db.migrated', ms: Date.now() - started }, 'migrations applied');

  if (demo) {
    const { seedDemo } = await import('./db/seed/demo.js');
    await seedDemo(database.db, { logger });
  }

  if (database.pglite && env.BACKUP_INTERVAL_HOURS > 0) {
    scheduleBackups(database.pglite, {
      dir: env.BACKUP_DIR ?? `${env.DATA_DIR.replace(/[\\/]+$/, '')}-backups`,
      intervalHours: env.BACKUP_INTERVAL_HOURS,
      keep: env.BACKUP_KEEP,
      logger,
    });
  }

  const mailer = createMailer(database.db, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, logger });
  const events = createPubSub({ redisUrl: env.REDIS_URL, logger });
  const deps: Deps = {
    db: database.db,
    mailer,
    logger,
    events,
    config: { publicUrl: env.PUBLIC_URL, trustProxy: env.TRUST_PROXY },
    jobs: { wake: () => {} },
  };
  // Jobs run in this process: queued mail, reminders (every minute; those that fell due while
  // the server was off are sent once, or marked when too late), round-ups and notification
  // mail. Jobs a stopped process left running are taken up again when their lease runs out.
  const runner = createRunner(deps, { concurrency: env.JOB_CONCURRENCY });
  deps.jobs = runner;
  await ensureSchedules(database.db, { origin: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` });
  const app = createApp(deps, { webDir: path.join(root, 'dist/web') });
  mailer
    .deliverQueued()
    .catch((err) => logger.error({ event: 'mail.queue_failed', err }, 'could not deliver queued mail'));
  if (env.JOB_CONCURRENCY > 0) runner.start();
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    logger.info(
      { event: 'http.listening', port: info.port },
      `Commonplace is running at http://localhost:${info.port}`,
    );
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    closeAllStreams();
    server.close(() => {
      Promise.allSettled([viewCounter(database.db, logger).flush(), runner.stop().then(() => mailer.close())]).finally(
        () => Promise.allSettled([events.close(), database.close()]).finally(() => process.exit(0)),
      );
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
