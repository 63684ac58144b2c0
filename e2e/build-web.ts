import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Browser tests run against the real, freshly built web app. */
export default function buildWeb() {
  const result = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('vite build failed');
}
