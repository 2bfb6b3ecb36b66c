/**
 * Run by main.test.ts under the test command (`--exec`): uses the services it was handed and prints
 * what it saw as one `services: {…}` line. `--restart` restarts the PostgreSQL through the test
 * command's restart address; `--hold` then keeps running until a signal ends it.
 */
import { Client } from 'pg';
import { redisAnswers } from '../../packages/server/src/timers/local-redis.ts';

const databaseUrl = process.env['TEST_DATABASE_URL']!;
const redisUrl = process.env['TEST_REDIS_URL']!;
const restartUrl = process.env['TEST_PG_RESTART_URL'] ?? null;

async function server() {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ database: string; dataDir: string; startedAt: string }>(
      `select current_database() as database, current_setting('data_directory') as "dataDir",
              pg_postmaster_start_time()::text as "startedAt"`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

const before = await server();
let after = null;
if (process.argv.includes('--restart') && restartUrl) {
  const answer = await fetch(restartUrl, { method: 'POST' });
  if (answer.status !== 204) throw new Error(`restart answered ${answer.status}`);
  after = await server();
}
const seen = {
  pid: process.pid,
  databaseUrl,
  redisUrl,
  redisAnswers: await redisAnswers(redisUrl),
  restartUrl,
  cluster: process.env['TEST_PG_CLUSTER'] ?? null,
  before,
  after,
};
console.log(`services: ${JSON.stringify(seen)}`);
if (process.argv.includes('--hold')) setInterval(() => {}, 60_000);
