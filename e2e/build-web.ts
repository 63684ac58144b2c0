import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Browser tests run against a fresh build of the web app, made in development mode (React then
 * reports invalid markup and misuse on the console, which fails the test) and kept apart from
 * dist/web, which `npm start` serves.
 */
export const testWebDir = path.resolve('.tmp/web-test');

export default function buildWeb() {
  const result = spawnSync(
    process.execPath,
    [
      path.resolve('node_modules/vite/bin/vite.js'),
      'build',
      '--mode',
      'development',
      '--outDir',
      testWebDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'development' } },
  );
  if (result.status !== 0) throw new Error('vite build failed');
}
