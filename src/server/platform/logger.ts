import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON lines for machines; readable lines when a person watches a terminal (npm start on a
 * laptop). LOG_FORMAT=json forces JSON.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const human = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json';
  return pino({
    level,
    base: { app: 'commonplace' },
    ...(human
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              ignore: 'pid,hostname,app,event,ms,kind,port,dataDir,done,total,file,admin',
              translateTime: 'HH:MM:ss',
            },
          },
        }
      : {}),
  });
}
