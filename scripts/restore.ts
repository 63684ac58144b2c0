// npm run restore -- <backup.tar.gz>
// Replaces the embedded database in DATA_DIR with a backup. Stop the server first. The current
// data directory is kept beside it, renamed, in case the wrong file was chosen.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const file = process.argv[2];
const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
if (!file || !existsSync(file)) {
  console.error('Usage: npm run restore -- <path to a commonplace-….tar.gz backup>');
  process.exit(2);
}
if (existsSync(dataDir)) {
  const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(dataDir, aside);
  console.log(`The current database was moved to ${aside}`);
}
const db = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(file)]) });
const { rows } = await db.query<{ n: number }>('select count(*)::int as n from users');
await db.close();
console.log(`Restored ${file} into ${dataDir} (${rows[0].n} accounts). Start the server with npm start.`);
