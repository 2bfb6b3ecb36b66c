/**
 * `pnpm --filter @doanflow/server history:verify`: checks every instance's hash-chained history in
 * DATABASE_URL's database (or the embedded one): each entry's hash covers the one before it, and the
 * instance's last hash is its last entry's. Run it after a restore, or to audit. Reads only; exits 1
 * naming the first broken entry of each broken chain.
 */
import { defaultDataDir } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';
import { entryOf, type HistoryRow } from '../runner/rows.ts';
import { verifyChain } from './hash-chain.ts';

const PAGE = 500;

const { db } = await openDatabase({
  databaseUrl: process.env['DATABASE_URL'] || undefined,
  dataDir: process.env['DOANFLOW_DATA_DIR'] || defaultDataDir,
  schema: process.env['DATABASE_SCHEMA'] || undefined,
  migrate: false,
});
const broken: string[] = [];
let instances = 0;
let entries = 0;
try {
  for (let after = ''; ;) {
    const page = await db.longRunning.query<{ id: string; last_hash: string }>(
      'select id, last_hash from instances where id > $1 order by id limit $2',
      [after, PAGE],
    );
    if (page.length === 0) break;
    const rows = await db.longRunning.query<HistoryRow>(
      'select * from history where instance_id = any($1) order by instance_id, seq',
      [page.map((instance) => instance.id)],
    );
    for (const instance of page) {
      const chain = rows.filter((row) => row.instance_id === instance.id);
      const brokenAt = verifyChain(
        chain.map((row) => ({ entry: entryOf(row), prevHash: row.prev_hash, hash: row.hash })),
      );
      if (brokenAt !== null) broken.push(`${instance.id}: entry ${brokenAt} does not match its hash`);
      else if (chain.at(-1)?.hash !== instance.last_hash) broken.push(`${instance.id}: last hash differs`);
      entries += chain.length;
    }
    instances += page.length;
    after = page.at(-1)!.id;
  }
} finally {
  await db.close();
}
if (broken.length === 0) {
  console.log(`${instances} instances, ${entries} history entries: every chain intact`);
} else {
  console.error(
    `${broken.length} of ${instances} instances have a broken chain:\n${broken.map((line) => `  ${line}`).join('\n')}`,
  );
  process.exitCode = 1;
}
