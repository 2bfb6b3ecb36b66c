/**
 * The inbox after a quiet spell, as a portal meets it: the server on a kept bench database
 * (BENCH_KEEP_DB=1 run before), then bursts of concurrent `GET /inbox` (BURSTS_CLIENTS officers, 10
 * requests each over the three queries of the inbox phase) with BURSTS_QUIET_MS (12 s) of silence
 * before each. It reports the first request of each client, every request, and the server's
 * PostgreSQL backends after each burst: what the pool closed while idle is opened again, and a new
 * connection's first statements are slow.
 *
 *   pnpm --filter @doanflow/server exec tsx ../../bench/lib/inbox-bursts.ts
 *   BURSTS_SERVER_DIR=/work/wt/base/packages/server: that checkout's server too, alternated.
 */
import { call, type Client } from './http-load.ts';
import { benchServerEnv, mintTokens, ServerProcess } from './server.ts';
import { withClient } from './setup.ts';
import { benchUrl } from './env.ts';
import { fmt, Latencies, log, sleep } from './stats.ts';

const BURSTS = Number(process.env['BURSTS'] ?? 6);
const CLIENTS = Number(process.env['BURSTS_CLIENTS'] ?? 6);
const QUIET_MS = Number(process.env['BURSTS_QUIET_MS'] ?? 12_000);
const ROUNDS = Number(process.env['BURSTS_ROUNDS'] ?? 2);
const people = ['o-14', 'p-ha', 'p-nga'];
const queries = [
  'limit=20',
  `search=${encodeURIComponent('bi thu')}&limit=20`,
  `search=${encodeURIComponent('nguyen van')}&limit=20`,
];

/** The database's client backends but the bench's own: the server's pool and its LISTEN connection. */
const backends = () =>
  withClient(benchUrl, async (db) =>
    Number(
      (
        await db.query(
          `select count(*) as n from pg_stat_activity where datname = current_database()
             and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        )
      ).rows[0].n,
    ),
  );

async function timed(client: Client, person: string, query: string): Promise<number> {
  const start = performance.now();
  const answer = await call(client, 'GET', `/inbox?${query}`, person);
  if (answer.status !== 200) throw new Error(`inbox ${person} ${query}: ${answer.status}`);
  return performance.now() - start;
}

async function bursts(label: string, serverDir: string | undefined, secret: string) {
  const server = await ServerProcess.start(benchServerEnv(secret), {
    serverDir,
    logName: `bursts-${label.replace(/\W+/g, '-')}.log`,
  });
  try {
    const client: Client = { base: server.base, tokens: await mintTokens(secret, people) };
    for (let i = 0; i < 60; i += 1)
      await timed(client, people[i % people.length]!, queries[i % queries.length]!);
    const firsts = new Latencies(BURSTS * CLIENTS);
    const all = new Latencies(BURSTS * CLIENTS * 10);
    const open: number[] = [];
    for (let burst = 0; burst < BURSTS; burst += 1) {
      await sleep(QUIET_MS);
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, k) => {
          for (let i = 0; i < 10; i += 1) {
            const ms = await timed(client, people[k % people.length]!, queries[(i + k) % queries.length]!);
            if (i === 0) firsts.add(ms);
            all.add(ms);
          }
        }),
      );
      open.push(await backends());
    }
    const f = firsts.summary();
    const a = all.summary();
    log(
      `${label}: first request of each client p50 ${fmt(f.p50)} / max ${fmt(f.max)} ms; every request p50 ${fmt(a.p50)} / p99 ${fmt(a.p99)} / max ${fmt(a.max)} ms; backends after each burst ${open.join(', ')}`,
    );
  } finally {
    await server.stop();
  }
}

const secret = 'bursts-secret-bursts-secret-0123456789ab';
const other = process.env['BURSTS_SERVER_DIR'];
for (let round = 0; round < ROUNDS; round += 1) {
  await bursts('this checkout', undefined, secret);
  if (other) await bursts(other, other, secret);
}
