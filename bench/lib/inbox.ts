import { demoDirectoryData, localDate } from '../../packages/engine/src/index.ts';
import { DirectoryCache } from '../../packages/server/src/runner/directory-cache.ts';
import { queryInbox } from '../../packages/server/src/runner/inbox.ts';
import { benchUrl, pg, Redis, redisUrl } from './env.ts';
import { call, transferInput, walk, type Client } from './http-load.ts';
import { FAMILY, GIVEN, MIDDLE, searchText, type Province } from './province.ts';
import { ServerProcess } from './server.ts';
import { withClient } from './setup.ts';
import { Latencies, log, monotonicMicros, sleep } from './stats.ts';
import { waitForSettled } from './cpu.ts';
import { measureDeadlineScan, type DeadlineScanFigures } from './deadline-scan.ts';
import { flushBulkWrites, type FlushFigures } from './flush-writes.ts';
import { logSpanReport, spanOf, threadProbe, traceSpans, type Probe, type Span } from './inbox-trace.ts';

export interface StateTemplate {
  instance: Record<string, any>;
  history: Record<string, any>;
  tasks: Record<string, any>[];
  timers: Record<string, any>[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
}
export type Templates = Map<string, StateTemplate>;

/** Walks one member transfer over HTTP and keeps its rows in every state (the bulk load's model). */
export async function harvestTemplates(client: Client): Promise<Templates> {
  const templates: Templates = new Map();
  // A reused database (BENCH_REUSE_DB=1) holds an earlier run's outbox: only this walk's messages.
  let outboxAfter = await withClient(benchUrl, async (db) =>
    Number((await db.query('select coalesce(max(id), 0) as id from outbox')).rows[0].id),
  );
  const started = await call(client, 'POST', '/instances', 'p-an', {
    workflowId: 'member-transfer',
    input: transferInput,
  });
  if (started.status !== 201)
    throw new Error(`start failed: ${started.status} ${JSON.stringify(started.json)}`);
  const id = started.json.id as string;
  await withClient(benchUrl, async (db) => {
    const capture = async () => {
      const [{ instance }] = (
        await db.query('select row_to_json(i) as instance from instances i where id = $1', [id])
      ).rows;
      const [{ history }] = (
        await db.query(
          'select row_to_json(h) as history from history h where instance_id = $1 order by seq desc limit 1',
          [id],
        )
      ).rows;
      const tasks = (
        await db.query("select to_jsonb(t) - 'id' as t from tasks t where instance_id = $1 order by id", [id])
      ).rows.map((r) => r.t);
      const timers = (
        await db.query(
          `select row_to_json(t) as t from timers t where instance_id = $1 and status = 'pending'`,
          [id],
        )
      ).rows.map((r) => r.t);
      const outbox = (
        await db.query('select id, topic, payload from outbox where id > $1 order by id', [outboxAfter])
      ).rows;
      for (const row of outbox) outboxAfter = Math.max(outboxAfter, Number(row.id));
      templates.set(instance.state, {
        instance,
        history,
        tasks,
        timers,
        outbox: outbox.map(({ topic, payload }) => ({ topic, payload })),
      });
    };
    await capture();
    let revision = started.json.revision as number;
    for (const step of walk()) {
      const body = { ...step.body, expectedRevision: revision };
      const answer = await call(client, 'POST', `/instances/${id}/events`, step.person, body);
      revision = answer.json?.revision as number;
      if (answer.status !== 200)
        throw new Error(
          `${String(step.body['type'])} failed: ${answer.status} ${JSON.stringify(answer.json)}`,
        );
      await capture();
    }
  });
  log(
    `templates: ${[...templates.entries()].map(([s, t]) => `${s} (${t.tasks.length} tasks, ${t.timers.length} timers)`).join(', ')}`,
  );
  return templates;
}

/** Open states of the bulk-loaded active instances, with their share. */
const ACTIVE_MIX: [string, number][] = [
  ['sourceBranch', 30],
  ['sourceBase', 20],
  ['inTransit', 15],
  ['destinationBase', 20],
  ['branchAssignment', 5],
  ['awaitingAcknowledgement', 10],
];

/** What bulkLoad needs of a pg.Pool. */
export interface BulkPool {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  end(): Promise<void>;
}

export interface BulkFigures {
  instances: number;
  active: number;
  tasks: number;
  timers: number;
  seconds: number;
  tableSizes: Record<string, string>;
}

/** A reused database's bulk load as an earlier run left it (BENCH_REUSE_DB=1), or null when it has none. */
export async function loadedBulk(): Promise<BulkFigures | null> {
  return withClient(benchUrl, async (db) => {
    const count = async (sql: string) => Number((await db.query(sql)).rows[0].count);
    const instances = await count(`select count(*) from instances where id like 'bulk-%'`);
    if (instances === 0) return null;
    const sizes = await db.query(
      `select relname, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class where relname in ('instances', 'tasks', 'timers', 'history') order by relname`,
    );
    log(`reusing the bulk load of ${instances} instances`);
    return {
      instances,
      active: await count(`select count(distinct instance_id) from tasks where instance_id like 'bulk-%'`),
      tasks: await count(`select count(*) from tasks where instance_id like 'bulk-%'`),
      timers: await count(`select count(*) from timers where instance_id like 'bulk-%'`),
      seconds: 0,
      tableSizes: Object.fromEntries(sizes.rows.map((r) => [r.relname, r.size])),
    };
  });
}

/**
 * 1,000,000 member transfers straight into the server's tables (generate_series): 90% completed, the
 * rest waiting in realistic states with the walk's real task rows, unit ids mapped onto the province's
 * bases and branches, members with Vietnamese names, and pending timers where the state has them.
 */
export async function bulkLoad(
  templates: Templates,
  bases: Province['bases'],
  total: number,
  taskTarget: number,
  // The PGlite phase passes its own handle (only one process may open a PGlite folder).
  pool: BulkPool = new pg.Pool({ connectionString: benchUrl, max: 2 }),
): Promise<BulkFigures> {
  const started = Date.now();
  const mixTotal = ACTIVE_MIX.reduce((sum, [, share]) => sum + share, 0);
  const tasksPerActive = ACTIVE_MIX.reduce(
    (sum, [state, share]) => sum + (templates.get(state)!.tasks.length * share) / mixTotal,
    0,
  );
  const active = Math.min(total, Math.round(taskTarget / tasksPerActive));
  const stride = total / active;
  const definition = templates.get('completed')!;
  const unitNames = bases.map((b) => searchText(b.name));
  const branchNames = bases.map((b) => searchText(b.branches[0]!.name).replace(/ so 1 /, ' so # '));
  const folded = (list: string[]) => list.map((item) => searchText(item));
  const params = [
    FAMILY,
    MIDDLE,
    GIVEN,
    folded(FAMILY),
    folded(MIDDLE),
    folded(GIVEN),
    unitNames,
    branchNames,
  ];
  const B = bases.length;
  // Per row i: source base sb, destination base db, a branch in each; demo unit ids map onto them.
  const sb = `(i % ${B})`;
  const db = `((i * 7 + 3) % ${B})`;
  const baseId = (b: string) => `('b' || lpad(${b}::text, 4, '0'))`;
  const srcBranch = `(${baseId(sb)} || '-c' || (i / ${B} % 10 + 1))`;
  const dstBranch = `(${baseId(db)} || '-c' || (i / ${B * 10} % 10 + 1))`;
  const unitExpr = (demo: string | null): string =>
    demo === null
      ? 'null'
      : ((
          {
            'cd-thon2': srcBranch,
            tradoc: baseId(sb),
            hoachau: baseId(db),
            'cd-kdc-tayan': dstBranch,
          } as Record<string, string>
        )[demo] ?? `'${demo}'`);
  // The unit and every unit above it, as the server stores them (runner/task-paths.ts): the
  // province's bases sit where Hòa Châu does.
  const demoTree = new DirectoryCache();
  demoTree.set(demoDirectoryData, 1);
  const today = new Date().toISOString().slice(0, 10);
  const above = demoTree
    .unitPath('hoachau', today)
    .slice(1)
    .map((id) => `'${id}'`);
  const pathExpr = (demo: string | null): string => {
    if (demo === null) return `'{}'::text[]`;
    const mapped = (
      {
        'cd-thon2': [srcBranch, baseId(sb)],
        tradoc: [baseId(sb)],
        hoachau: [baseId(db)],
        'cd-kdc-tayan': [dstBranch, baseId(db)],
      } as Record<string, string[]>
    )[demo];
    const path = mapped ? [...mapped, ...above] : demoTree.unitPath(demo, today).map((id) => `'${id}'`);
    return `array[${path.join(', ')}]::text[]`;
  };
  const unitName = (demo: string | null): string =>
    demo === null
      ? null!
      : demo === 'cd-thon2'
        ? `replace(($8::text[])[${sb} + 1], '#', (i / ${B} % 10 + 1)::text)`
        : demo === 'cd-kdc-tayan'
          ? `replace(($8::text[])[${db} + 1], '#', (i / ${B * 10} % 10 + 1)::text)`
          : demo === 'tradoc'
            ? `($7::text[])[${sb} + 1]`
            : demo === 'hoachau'
              ? `($7::text[])[${db} + 1]`
              : `'${searchText(demo)}'`;
  const name = `(($1::text[])[i % 16 + 1] || ' ' || ($2::text[])[i / 7 % 10 + 1] || ' ' || ($3::text[])[i / 3 % 27 + 1])`;
  const foldedName = `(($4::text[])[i % 16 + 1] || ' ' || ($5::text[])[i / 7 % 10 + 1] || ' ' || ($6::text[])[i / 3 % 27 + 1])`;
  let tasks = 0;
  let timers = 0;
  try {
    const groups: { state: string; where: string }[] = [];
    // Active rows: every stride-th i; their state cycles through the mix.
    let cumulative = 0;
    for (const [state, share] of ACTIVE_MIX) {
      const lo = cumulative;
      cumulative += share;
      groups.push({
        state,
        where: `i % ${Math.round(stride)} = 0 and (i / ${Math.round(stride)}) % ${mixTotal} >= ${lo} and (i / ${Math.round(stride)}) % ${mixTotal} < ${cumulative}`,
      });
    }
    groups.push({ state: 'completed', where: `i % ${Math.round(stride)} <> 0` });
    // Two sessions in parallel (2 cores): instances on one, tasks and timers on the other.
    const instanceWork = (async () => {
      for (const group of groups) {
        const t = templates.get(group.state) ?? definition;
        const unitIds = (t.instance.unit_ids as string[]).map(unitExpr).join(', ');
        await pool.query(
          `insert into instances (id, workflow_id, version, state, status, org_unit_id, unit_ids, subject_person_id, snapshot, revision, last_hash, created_at, updated_at)
           select 'bulk-' || i, $9, $10, $11, $12, ${unitExpr(t.instance.org_unit_id)}, jsonb_build_array(${unitIds}), 'm-' || i,
             jsonb_set($13::jsonb, '{instanceId}', to_jsonb('bulk-' || i)), $14, md5(i::text),
             now() - make_interval(days => (i % 400)), now() - make_interval(days => (i % 30))
           from generate_series(1, ${total}) i where ${group.where}
             and $1::text[] is not null and $2::text[] is not null and $3::text[] is not null and $4::text[] is not null
             and $5::text[] is not null and $6::text[] is not null and $7::text[] is not null and $8::text[] is not null`,
          [
            ...params,
            t.instance.workflow_id,
            t.instance.version,
            t.instance.state,
            t.instance.status,
            JSON.stringify(t.instance.snapshot),
            t.instance.revision,
          ],
        );
      }
    })();
    const taskWork = (async () => {
      for (const group of groups.slice(0, -1)) {
        const t = templates.get(group.state)!;
        for (const task of t.tasks) {
          // The title and state-label part of the walk's own stored search text.
          const subject = searchText(task.subject);
          const cut = task.search.indexOf(` ${subject}`);
          const label = cut > 0 ? task.search.slice(0, cut) : task.search;
          const unitPart = task.unit_id ? `|| ' ' || ${unitName(task.unit_id)}` : '';
          const result = await pool.query(
            `insert into tasks (instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above, person_id, relation, events, due, subject, search, updated_at)
             select 'bulk-' || i, $9, $10, $11, $12, ${unitExpr(task.unit_id)}, ${pathExpr(task.unit_id)}, $13, ${task.person_id ? `'m-' || i` : 'null'}, $14, $15::jsonb,
               ${task.due ? `now() + make_interval(hours => (i % 480) - 72)` : 'null'}, ${name},
               $16 || ' ' || ${foldedName} ${unitPart} || ' ' || lower($12), now() - make_interval(days => (i % 30))
             from generate_series(1, ${total}) i where ${group.where}
               and $1::text[] is not null and $2::text[] is not null and $3::text[] is not null and $4::text[] is not null
               and $5::text[] is not null and $6::text[] is not null and $7::text[] is not null and $8::text[] is not null`,
            [
              ...params,
              task.workflow_id,
              task.version,
              task.state,
              task.role,
              task.or_above,
              task.relation,
              JSON.stringify(task.events),
              label,
            ],
          );
          tasks += result.rowCount ?? 0;
        }
        for (const timer of t.timers) {
          const result = await pool.query(
            `insert into timers (id, instance_id, name, kind, due, event, status, created_at)
             select 'bulk-' || i || '-' || $1, 'bulk-' || i, $1, $2, now() + make_interval(hours => 1 + (i % 700)), $3::jsonb, 'pending', now()
             from generate_series(1, ${total}) i where ${group.where}`,
            [timer.name, timer.kind, JSON.stringify(timer.event)],
          );
          timers += result.rowCount ?? 0;
        }
      }
    })();
    await Promise.all([instanceWork, taskWork]);
    log(
      `loaded ${total} instances (${active} waiting), ${tasks} tasks, ${timers} pending timers in ${((Date.now() - started) / 1000).toFixed(0)} s; analyzing`,
    );
    await Promise.all([
      pool.query('analyze instances'),
      pool.query('analyze tasks'),
      pool.query('analyze timers'),
    ]);
    const sizes = await pool.query(
      `select relname, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class where relname in ('instances', 'tasks', 'timers', 'history') order by relname`,
    );
    return {
      instances: total,
      active,
      tasks,
      timers,
      seconds: (Date.now() - started) / 1000,
      tableSizes: Object.fromEntries(sizes.rows.map((r) => [r.relname, r.size])),
    };
  } finally {
    await pool.end();
  }
}

export interface InboxCase {
  who: string;
  person: string;
  query: string;
  p50: number;
  p99: number;
  max: number;
  n: number;
  total: number | null;
}
/**
 * The match as it was before task rows carried unit paths: every (role, unit) pair below the caller's
 * units sent as JSON in `$below` (~10,000 for a province officer).
 */
const previousMatch = (below: string) => `$2::text[] is not null and t.id in (
      select o.id from jsonb_to_recordset($1::jsonb) p(role text, unit_id text)
        cross join lateral (
          select o.id from tasks o where o.role = p.role and o.unit_id = p.unit_id offset 0) o
      union all
      select a.id from tasks a where a.or_above and (a.role, a.unit_id) in
        (select p.role, p.unit_id from jsonb_to_recordset(${below}::jsonb) p(role text, unit_id text))
      union all
      select m.id from tasks m where m.person_id = $3)`;

/** The (role, unit) pairs strictly below the caller's units: what the previous form sent. */
function pairsBelow(cache: DirectoryCache, person: string, now: Date): string {
  const on = now.toISOString().slice(0, 10);
  const ids = [...new Set(cache.directory.data.units.map((unit) => unit.id))].filter((id) =>
    cache.directory.unitOn(id, on),
  );
  const pairs = cache
    .actsFor(person, now)
    .flatMap(([role, unit]) =>
      ids.filter((id) => cache.unitPath(id, on).indexOf(unit) > 0).map((id) => ({ role, unit_id: id })),
    );
  return JSON.stringify(pairs);
}

/**
 * Requests timed per case (bounded by 12 s). Of 300, the p99 was the 3rd–4th slowest request and
 * moved by ±5 ms between identical runs; of 1,000 it is the 10th.
 */
const PER_CASE = Number(process.env['BENCH_INBOX_REQUESTS'] ?? 1_000);

export interface InboxFigures {
  cases: InboxCase[];
  explains: {
    title: string;
    plan: string;
    sql: { now: { p50: number; max: number }; before: { p50: number; max: number } | null };
    legacyPlan: string | null;
  }[];
  reconcile: { timers: number; seconds: number | null };
  /** This PostgreSQL runs without autovacuum: the bench vacuumed the tasks table, as autovacuum would have. */
  vacuumed: boolean;
  /** The bulk load's writes flushed before the timings (flush-writes.ts). */
  flushed: FlushFigures;
  /** The notifier's deadline scan over the same tasks (deadline-scan.ts). */
  deadlines: DeadlineScanFigures;
}

/** Sequential GET /inbox requests by one officer, bounded by count and time. */
export async function timeInbox(
  client: Client,
  person: string,
  query: string,
  count: number,
  seconds: number,
  /** Each request's span with the probe's counters, for the trace (inbox-trace.ts). */
  trace?: { spans: Span[]; probe: Probe },
) {
  const latencies = new Latencies(count);
  const deadline = performance.now() + seconds * 1000;
  let total: number | null = null;
  for (let i = 0; i < count && performance.now() < deadline; i += 1) {
    const before = trace?.probe();
    const start = monotonicMicros();
    const t0 = performance.now();
    const answer = await call(client, 'GET', `/inbox?${query}`, person);
    const ms = performance.now() - t0;
    if (trace) trace.spans.push(spanOf(start, monotonicMicros(), before!, trace.probe()));
    if (answer.status !== 200)
      throw new Error(
        `inbox ${person} ${query}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`,
      );
    latencies.add(ms);
    total = answer.json.counts.total;
  }
  return { ...latencies.summary(), total };
}

export async function measureInbox(
  server: ServerProcess,
  client: Client,
  bases: Province['bases'],
  _templates: Templates,
  memory: (phase: string) => void,
  inspectPort?: number,
): Promise<InboxFigures> {
  // The bulk timers were written behind the server's back, so Redis lacks their wake-ups while its
  // "complete" marker says otherwise: remove the marker (as a Redis loss would), let the server's
  // check rebuild them, and wait (bounded) so the rebuild does not overlap the inbox timings.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const pendingTimers = await withClient(benchUrl, async (db) =>
    Number(
      (await db.query(`select count(*) from timers where status = 'pending' and due > now()`)).rows[0].count,
    ),
  );
  let reconcileSeconds: number | null = null;
  try {
    await redis.del('doanflow:doanflow-timers:wakeups:complete');
    const waitStart = Date.now();
    let firstSeen: number | null = null;
    for (let i = 0; i < 200; i += 1) {
      const delayed = await redis.zcard('doanflow:doanflow-timers:delayed');
      if (delayed > 0 && firstSeen === null) firstSeen = Date.now();
      if (delayed >= pendingTimers * 0.99) {
        reconcileSeconds = firstSeen ? (Date.now() - firstSeen) / 1000 : 0;
        break;
      }
      if (Date.now() - waitStart > 75_000) break;
      await sleep(500);
    }
    log(
      `Redis holds ${await redis.zcard('doanflow:doanflow-timers:delayed')} delayed wake-ups for ${pendingTimers} pending timers; used_memory ${(await redis.info('memory')).match(/used_memory_human:(\S+)/)?.[1]}`,
    );
  } finally {
    redis.disconnect();
  }
  memory('after the reconciler enqueued the bulk timers');
  // Every decision deletes and reinserts its task rows; autovacuum clears the dead ones. Where it is
  // off (this machine's PostgreSQL), do what it would have done, and say so in the report.
  const vacuumed = await withClient(benchUrl, async (db) => {
    const on = (await db.query(`select current_setting('autovacuum') as on`)).rows[0].on === 'on';
    if (!on) await db.query('vacuum (analyze) tasks');
    return !on;
  });
  const flushed = await flushBulkWrites();
  log(
    `inbox: the bulk load's writes flushed (CHECKPOINT ${flushed.checkpointSeconds.toFixed(1)} s, the kernel's writeback ${flushed.drainSeconds.toFixed(0)} s more, ${flushed.dirtyMiB.toFixed(0)} MiB dirty left)`,
  );

  const officers: [string, string][] = [
    [`base officer (secretary + standing, ${bases[0]!.id})`, bases[0]!.officers[0]!],
    [`base officer (standing, ${bases[1]!.id})`, bases[1]!.officers[1]!],
    ['province officer (p-ha: upperStanding, standingSecretary … at dn)', 'p-ha'],
    ['demo base officer (p-nga, hoachau)', 'p-nga'],
  ];
  const queries: [string, string][] = [
    ['first page', 'limit=20'],
    ['search "bi thu"', `search=${encodeURIComponent('bi thu')}&limit=20`],
    ['search "nguyen van"', `search=${encodeURIComponent('nguyen van')}&limit=20`],
  ];
  const cases: InboxCase[] = [];
  // The bulk load's moves reach the report through the server's housekeeping (a one-off fold of
  // millions of rows a live database never has queued): timings start once it and PostgreSQL are idle.
  const settled = await waitForSettled(server.child?.pid);
  log(`inbox: the server and PostgreSQL settled after ${settled.toFixed(0)} s`);
  for (const [, person] of officers) await timeInbox(client, person, 'limit=20', 30, 5); // warm-up
  // Without the bench's own 2 Hz /metrics reads (ServerProcess.withoutScrapes); BENCH_INBOX_AB_SCRAPES=1
  // times each case with them too, alternating which goes first.
  const abScrapes = process.env['BENCH_INBOX_AB_SCRAPES'] === '1';
  // BENCH_INBOX_AB_SERVER_DIR=/work/main/packages/server: each case on that checkout's server too
  // (same database, alternated, the other idle meanwhile), for a server change's before and after.
  const otherDir = process.env['BENCH_INBOX_AB_SERVER_DIR'];
  const other = otherDir
    ? await ServerProcess.start(server.env, { serverDir: otherDir, logName: 'server-inbox-ab.log' }).catch(
        (error: unknown) => {
          log(`inbox A/B: the server in ${otherDir} did not start (${String(error)}); timing this one alone`);
          return null;
        },
      )
    : null;
  const otherCases: InboxCase[] = [];
  for (const [who, person] of officers) {
    for (const [name, query] of queries) {
      if (other) {
        const before = otherCases.length % 2 === 0;
        // Neither server's heap is read meanwhile.
        const quietly = <T>(run: () => Promise<T>) => server.withoutScrapes(() => other.withoutScrapes(run));
        const timeOther = () =>
          quietly(() => timeInbox({ ...client, base: other.base }, person, query, PER_CASE, 12));
        const first = before ? await timeOther() : null;
        const mine = await quietly(() => timeInbox(client, person, query, PER_CASE, 12));
        const o = first ?? (await timeOther());
        otherCases.push({
          who,
          person,
          query: name,
          p50: o.p50,
          p99: o.p99,
          max: o.max,
          n: o.n,
          total: o.total,
        });
        log(
          `inbox A/B ${person} ${name}: this checkout p50 ${mine.p50.toFixed(2)} / p99 ${mine.p99.toFixed(2)} ms; ${otherDir} p50 ${o.p50.toFixed(2)} / p99 ${o.p99.toFixed(2)} ms`,
        );
      }
      const time = () => timeInbox(client, person, query, PER_CASE, 12);
      const withScrapes = abScrapes && cases.length % 2 === 0 ? await time() : null;
      const s = await server.withoutScrapes(time);
      cases.push({ who, person, query: name, p50: s.p50, p99: s.p99, max: s.max, n: s.n, total: s.total });
      log(
        `inbox ${person} ${name}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms (total ${s.total}, n ${s.n})`,
      );
      const scraped = withScrapes ?? (abScrapes ? await time() : null);
      if (scraped)
        log(
          `  with the bench's /metrics reads every 500 ms: p50 ${scraped.p50.toFixed(2)} ms, p99 ${scraped.p99.toFixed(2)} ms`,
        );
    }
  }
  memory('after inbox requests');
  await other?.stop();
  // With the inspector: each officer's first page again under the CPU profiler, the slow requests
  // laid over what the server's main thread did meanwhile (inbox-trace.ts).
  if (inspectPort !== undefined)
    for (const [, person] of officers) {
      // The server's PostgreSQL backends: every client connection to the bench's database but ours.
      const backends = await withClient(benchUrl, async (db) =>
        (
          await db.query(
            `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
          )
        ).rows.map((row) => Number(row.pid)),
      );
      const probe = threadProbe(server.child?.pid, backends);
      const trace = await server.withoutScrapes(() =>
        traceSpans(
          inspectPort,
          server.child?.pid,
          () => server.scrapes,
          (spans) => timeInbox(client, person, 'limit=20', 300, 6, { spans, probe }),
        ),
      );
      logSpanReport(`${person} first page`, trace);
    }

  // EXPLAIN ANALYZE of the exact statement the server runs (runner/inbox.ts), for the same callers.
  const explains: InboxFigures['explains'] = [];
  let deadlines: DeadlineScanFigures | undefined;
  await withClient(benchUrl, async (db) => {
    const cache = new DirectoryCache();
    await cache.load({
      query: async (sql: string, params?: unknown[]) =>
        (await db.query(sql, params as unknown[])).rows as never,
    });
    const now = new Date();
    const plans: [string, string, Record<string, unknown>][] = [
      ['first page, base officer', bases[0]!.officers[0]!, { limit: 20 }],
      ['search "bi thu", base officer', bases[0]!.officers[0]!, { limit: 20, search: 'bi thu' }],
      ['first page, province officer p-ha', 'p-ha', { limit: 20 }],
      ['first page, demo base officer p-nga', 'p-nga', { limit: 20 }],
    ];
    for (const [title, person, filter] of plans) {
      let captured: { sql: string; params: unknown[] } | null = null;
      await queryInbox(
        async (sql: string, params: unknown[] = []) => {
          captured = { sql, params };
          return [] as never;
        },
        { personId: person, actsFor: cache.actsFor(person, now), day: localDate(now) },
        filter as never,
        now,
      );
      const { sql, params } = captured!;
      const plan = await db.query(`explain (analyze, buffers, costs off) ${sql}`, params);
      // The statement before unit paths (the pairs below the caller's units as JSON).
      const legacyParams = [...params, pairsBelow(cache, person, now)];
      const legacy = sql.replace(
        /from \(\s*select o\.\*[\s\S]*?m\.person_id = \$3\) t where true/,
        `from tasks t where ${previousMatch(`$${legacyParams.length}`)}`,
      );
      const timeSql = async (text: string, values: unknown[]) => {
        const times: number[] = [];
        for (let i = 0; i < 15; i += 1) {
          const t0 = performance.now();
          await db.query(text, values);
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return { p50: times[7]!, max: times[14]! };
      };
      const current = await timeSql(sql, params);
      const before = legacy === sql ? null : await timeSql(legacy, legacyParams);
      const legacyPlan = before
        ? await db.query(`explain (analyze, costs off) ${legacy}`, legacyParams)
        : null;
      explains.push({
        title,
        plan: plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
        sql: { now: current, before },
        legacyPlan: legacyPlan?.rows.map((r) => r['QUERY PLAN']).join('\n') ?? null,
      });
      log(
        `inbox SQL (${title}): ${current.p50.toFixed(2)} ms${before ? `; before unit paths: ${before.p50.toFixed(2)} ms` : ''}`,
      );
    }
    deadlines = await measureDeadlineScan(
      async (sql, params) => (await db.query(sql, params as unknown[])).rows,
      cache,
    );
  });
  void server;
  return {
    cases,
    explains,
    reconcile: { timers: pendingTimers, seconds: reconcileSeconds },
    vacuumed,
    flushed,
    deadlines: deadlines!,
  };
}
