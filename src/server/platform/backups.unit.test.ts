import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { backupEmbedded, listBackups } from './backups.js';

const root = mkdtempSync(path.join(tmpdir(), 'cp-backups-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('embedded backups', () => {
  it('writes rotated backups that restore into a working database', async () => {
    const dataDir = path.join(root, 'data');
    const dir = path.join(root, 'backups');
    const database = await openDatabase({ dataDir });
    await database.migrate();
    await database.db.insert(users).values({ name: 'Kept Person', email: 'kept@example.org' });

    const written: string[] = [];
    for (let i = 0; i < 3; i++) {
      written.push(await backupEmbedded(database.pglite!, { dir, keep: 2 }, new Date(Date.UTC(2026, 0, 1 + i))));
    }
    await database.close();
    expect(listBackups(dir)).toEqual(
      written
        .slice(1)
        .reverse()
        .map((f) => path.basename(f)),
    );
    expect(readdirSync(dir).some((f) => f.endsWith('.partial'))).toBe(false);

    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', written[2]], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 accounts');
    // The directory that was there is kept aside, not deleted.
    expect(readdirSync(root).some((f) => f.startsWith('data.before-restore-'))).toBe(true);

    const restored = await openDatabase({ dataDir });
    const rows = await restored.db.select().from(users);
    await restored.close();
    expect(rows.map((r) => r.email)).toEqual(['kept@example.org']);
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
  }, 120_000);
});
