import { BENCH_DB, PG_HOST, PG_PORT, PG_USER } from './env.ts';
import { withClient } from './setup.ts';
import { log } from './stats.ts';

/** PostgreSQL's defaults for when autovacuum vacuums and analyzes a table (tables may override them). */
const DEFAULTS = {
  autovacuum_vacuum_threshold: 50,
  autovacuum_vacuum_scale_factor: 0.2,
  autovacuum_vacuum_insert_threshold: 1000,
  autovacuum_vacuum_insert_scale_factor: 0.2,
  autovacuum_analyze_threshold: 50,
  autovacuum_analyze_scale_factor: 0.1,
};

interface TableCounts {
  relname: string;
  reltuples: number;
  n_dead_tup: number;
  n_ins_since_vacuum: number;
  n_mod_since_analyze: number;
  reloptions: string[] | null;
}

/** What autovacuum would do to one table now: vacuum (and analyze), analyze only, or nothing. */
function due(table: TableCounts): 'vacuum' | 'analyze' | null {
  const setting = (name: keyof typeof DEFAULTS) => {
    const own = table.reloptions?.find((option) => option.startsWith(`${name}=`));
    return own ? Number(own.slice(name.length + 1)) : DEFAULTS[name];
  };
  const rows = Math.max(table.reltuples, 0);
  const limit = (threshold: keyof typeof DEFAULTS, scale: keyof typeof DEFAULTS) =>
    setting(threshold) + setting(scale) * rows;
  if (
    table.n_dead_tup > limit('autovacuum_vacuum_threshold', 'autovacuum_vacuum_scale_factor') ||
    table.n_ins_since_vacuum >
      limit('autovacuum_vacuum_insert_threshold', 'autovacuum_vacuum_insert_scale_factor')
  )
    return 'vacuum';
  if (table.n_mod_since_analyze > limit('autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor'))
    return 'analyze';
  return null;
}

/** One pass over a database's tables, as one autovacuum worker would make it (throttled as it is). */
async function pass(database: string, throttled: boolean): Promise<string[]> {
  const url = `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${database}`;
  return withClient(url, async (client) => {
    // autovacuum_vacuum_cost_delay and _limit's defaults: a worker yields to the load it runs beside.
    if (throttled) await client.query(`set vacuum_cost_delay = '2ms'; set vacuum_cost_limit = 200`);
    const { rows } = await client.query<TableCounts>(
      `select s.relname, c.reltuples, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze, c.reloptions
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid`,
    );
    const done: string[] = [];
    for (const table of rows) {
      const work = due(table);
      if (!work) continue;
      // A table dropped meanwhile (the peer's database is made anew) is skipped, as autovacuum would.
      const ran = await client
        .query(`${work === 'vacuum' ? 'vacuum (analyze)' : 'analyze'} "${table.relname}"`)
        .then(
          () => true,
          () => false,
        );
      if (ran) done.push(`${work} ${table.relname}`);
    }
    return done;
  });
}

export interface Autovacuum {
  /**
   * Autovacuum's work on what a bulk load left, done now and waited for: the bulk load stands for a
   * year of work, which autovacuum would have kept up with, and a pass still running would compete
   * with the measurements that follow it.
   */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * This machine's PostgreSQL runs with autovacuum off (the test services' configuration), where a
 * production one has it on: without it, every decision's dead task and instance rows stay, the
 * tables and their indexes only grow, and the planner has no statistics. While the bench runs, this
 * does what autovacuum's launcher would, every naptime (60 s): each table past autovacuum's default
 * thresholds (or its own, as the tasks table sets) vacuumed and analyzed, throttled by autovacuum's
 * cost settings, in the bench's databases (the server's and the DBOS peer's). Nothing where
 * autovacuum is on.
 */
export async function emulateAutovacuum(adminUrl: string, naptimeMs = 60_000): Promise<Autovacuum> {
  const on = await withClient(
    adminUrl,
    async (client) => (await client.query(`select current_setting('autovacuum') as on`)).rows[0].on === 'on',
  );
  if (on) return { catchUp: async () => {}, stop: async () => {} };
  log(`this PostgreSQL runs without autovacuum: the bench does its work every ${naptimeMs / 1000} s`);
  let stopped = false;
  let running: Promise<void> | null = null;
  const round = async (throttled: boolean) => {
    const { rows } = await withClient(adminUrl, (client) =>
      client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
        `${BENCH_DB}%`,
      ]),
    );
    for (const { datname } of rows) {
      if (stopped) return;
      const began = performance.now();
      const done = await pass(datname, throttled).catch((error: unknown) => [`failed: ${String(error)}`]);
      if (done.length > 0)
        log(
          `autovacuum's work in ${datname}: ${done.join(', ')} (${((performance.now() - began) / 1000).toFixed(1)} s)`,
        );
    }
  };
  // A pass still running when the next is due: that one is skipped, as a busy launcher would.
  const timer = setInterval(() => {
    running ??= round(true).finally(() => (running = null));
  }, naptimeMs);
  return {
    async catchUp() {
      await running;
      running = round(false).finally(() => (running = null));
      await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
