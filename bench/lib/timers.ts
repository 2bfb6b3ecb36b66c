import { TimerQueue } from '../../packages/server/src/timers/queue.ts';
import { benchUrl, pg, Redis, redisUrl } from './env.ts';
import { flushBulkWrites, type FlushFigures } from './flush-writes.ts';
import type { StateTemplate, Templates } from './inbox.ts';
import type { ServerProcess } from './server.ts';
import { log, sleep } from './stats.ts';

/** Pending timers in the database during the phase (the inbox phase's count towards it). */
const TIMERS = Number(process.env['BENCH_TIMERS'] ?? 1_000_000);
/** Timers falling due one after another over the window. */
const BURST = Number(process.env['BENCH_TIMER_BURST'] ?? 10_000);
const WINDOW_SECONDS = Number(process.env['BENCH_TIMER_WINDOW_SECONDS'] ?? 10);
/** Lateness only: the first rebuild (the wake-ups must be there), no other rebuild timed (about 2 minutes less). */
const LATENESS_ONLY = process.env['BENCH_TIMER_LATENESS_ONLY'] === '1';

const PREFIX = 'doanflow';
const COMPLETE_KEY = `${PREFIX}:doanflow-timers:wakeups:complete`;
const DELAYED_KEY = `${PREFIX}:doanflow-timers:delayed`;
/** The state whose deadline timer (ACKNOWLEDGEMENT_DUE) the burst fires: it completes the transfer. */
const BURST_STATE = 'awaitingAcknowledgement';

export interface RebuildFigure {
  what: string;
  seconds: number | null;
  wakeups: number;
  peakRss: number;
}

export interface TimerFigures {
  pending: number;
  loadSeconds: number;
  rebuilds: RebuildFigure[];
  redis: { bytesPerWakeup: number; usedMiB: number; wakeups: number };
  burst: {
    timers: number;
    windowSeconds: number;
    fired: number;
    /** Due → history row's `at` (the engine's clock when the batch began). */
    engine: Percentiles;
    /** Due → the change's NOTIFY received by the bench (after commit). */
    committed: Percentiles;
  };
  rss: { before: number; peak: number; after: number };
  /** The load's and rebuilds' writes flushed before the burst (flush-writes.ts). */
  flushed: FlushFigures;
}

interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

const percentiles = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
};

async function usedMemory(redis: InstanceType<typeof Redis>): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
}

/** Seconds until the server marks the Redis side complete again (bounded), with the peak RSS of the server and its render processes meanwhile. */
async function timeRebuild(
  redis: InstanceType<typeof Redis>,
  server: ServerProcess,
  what: string,
  lose: () => Promise<unknown>,
): Promise<RebuildFigure> {
  const before = await redis.zcard(DELAYED_KEY).catch(() => 0);
  const started = performance.now();
  await lose();
  let peakRss = server.memory().total;
  let seconds: number | null = null;
  for (let i = 0; performance.now() - started < 300_000; i += 1) {
    if ((await redis.exists(COMPLETE_KEY)) === 1) {
      seconds = (performance.now() - started) / 1000;
      break;
    }
    if (i % 10 === 0) peakRss = Math.max(peakRss, server.memory().total);
    await sleep(100);
  }
  const wakeups = await redis.zcard(DELAYED_KEY);
  log(
    `timers: ${what}: ${seconds === null ? 'not complete after 300 s' : `${seconds.toFixed(1)} s`}, ${wakeups} delayed wake-ups (${before} before), server RSS peak (with render processes) ${peakRss.toFixed(0)} MiB`,
  );
  return { what, seconds, wakeups, peakRss };
}

async function loadTimers(db: import('pg').Pool, template: StateTemplate, far: number, burstAt: Date) {
  const [timer] = template.timers;
  if (!timer) throw new Error(`the ${BURST_STATE} template has no pending timer`);
  const seq = /__(\d+)$/.exec(timer.id)![1]!;
  // Far-off timers: a deadline every 20 s over the next year (no instances: they never fall due here).
  await db.query(
    `insert into timers (id, instance_id, name, kind, due, event, status, created_at)
     select 't__tb-far-' || i || '__1', 'tb-far-' || i, $1, $2, now() + interval '1 day' + make_interval(secs => i * 20),
       $3::jsonb, 'pending', now()
     from generate_series(1, $4::int) i`,
    [timer.name, timer.kind, JSON.stringify(timer.event), far],
  );
  // The burst: real instances waiting for acknowledgement, each snapshot holding its own timer.
  await db.query(
    `insert into instances
     select r.* from generate_series(1, $2::int) i,
       jsonb_populate_record(null::instances, $1::jsonb || jsonb_build_object(
         'id', 'tb-due-' || i,
         'snapshot', jsonb_set(jsonb_set($1::jsonb -> 'snapshot', '{instanceId}', to_jsonb('tb-due-' || i)),
           '{timers,0,id}', to_jsonb('t__tb-due-' || i || '__' || $3::text)))) r`,
    [JSON.stringify(template.instance), BURST, seq],
  );
  await db.query(
    `insert into timers (id, instance_id, name, kind, due, event, status, created_at)
     select 't__tb-due-' || i || '__' || $1::text, 'tb-due-' || i, $2, $3,
       $4::timestamptz + make_interval(secs => (i - 1) * $5::float8), $6::jsonb, 'pending', now()
     from generate_series(1, $7::int) i`,
    [
      seq,
      timer.name,
      timer.kind,
      burstAt.toISOString(),
      WINDOW_SECONDS / BURST,
      JSON.stringify(timer.event),
      BURST,
    ],
  );
  await db.query('analyze timers');
  return seq;
}

/**
 * Durable timers at scale: a million pending timer rows loaded straight into the table; the
 * server's reconciler builds their wake-ups in Redis (timed: after the "complete" marker is
 * deleted, and after FLUSHDB); Redis memory per wake-up; then 10,000 timers of real waiting
 * instances fall due over 10 s and their lateness is measured to the committed transition.
 */
export async function measureTimers(
  server: ServerProcess,
  templates: Templates,
  memory: (phase: string) => void,
): Promise<TimerFigures> {
  const template = templates.get(BURST_STATE);
  if (!template) throw new Error(`no ${BURST_STATE} template`);
  const db = new pg.Pool({ connectionString: benchUrl, max: 2 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const rssBefore = server.memory().rss;
  try {
    const existing = Number(
      (await db.query(`select count(*) from timers where status = 'pending'`)).rows[0].count,
    );
    const far = Math.max(0, TIMERS - existing - BURST);
    const loadStarted = Date.now();
    // The burst's due times are set now, its wake-ups added after the rebuild figures.
    await loadTimers(db, template, far, new Date(Date.now() + 3_600_000));
    const pending = existing + far + BURST;
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    log(
      `timers: loaded ${far + BURST} pending timers in ${loadSeconds.toFixed(0)} s (${pending} pending in all)`,
    );
    memory('timers: rows loaded, before the rebuild');

    const usedBefore = await usedMemory(redis);
    const delayedBefore = await redis.zcard(DELAYED_KEY);
    const rebuilds: RebuildFigure[] = [];
    // The rows went in behind the server's back, as if Redis had lost them: the check notices.
    rebuilds.push(
      await timeRebuild(redis, server, 'rebuild (marker deleted)', () => redis.del(COMPLETE_KEY)),
    );
    const usedAfter = await usedMemory(redis);
    const wakeups = (await redis.zcard(DELAYED_KEY)) - delayedBefore;
    memory('timers: after the rebuild of 1M wake-ups');
    if (!LATENESS_ONLY)
      rebuilds.push(
        await timeRebuild(redis, server, 'check pass, nothing missing (as at a restart)', () =>
          redis.del(COMPLETE_KEY),
        ),
      );
    if (!LATENESS_ONLY) {
      rebuilds.push(await timeRebuild(redis, server, 'rebuild after FLUSHDB', () => redis.flushdb()));
    }
    memory('timers: after the rebuild after FLUSHDB');

    const flushed = await flushBulkWrites();
    log(
      `timers: the load's writes flushed (CHECKPOINT ${flushed.checkpointSeconds.toFixed(1)} s, the kernel's writeback ${flushed.drainSeconds.toFixed(0)} s more)`,
    );
    const burst = await runBurst(db, server);
    memory(`timers: after ${BURST} timers fell due in ${WINDOW_SECONDS} s`);
    const peak = Math.max(...rebuilds.map((r) => r.peakRss), server.memory().hwm);

    // Leave the database and Redis as the later phases expect them.
    await db.query(`delete from timers where id like 't\\_\\_tb-%'`);
    await db.query(`delete from history where instance_id like 'tb-due-%'`);
    await db.query(`delete from instances where id like 'tb-due-%'`);
    if (LATENESS_ONLY) await redis.flushdb();
    else {
      await timeRebuild(redis, server, 'clean-up: wake-ups rebuilt without the phase’s timers', () =>
        redis.flushdb(),
      );
    }
    return {
      pending,
      loadSeconds,
      rebuilds,
      redis: {
        bytesPerWakeup: (usedAfter - usedBefore) / Math.max(1, wakeups),
        usedMiB: usedAfter / 2 ** 20,
        wakeups,
      },
      burst: { timers: BURST, windowSeconds: WINDOW_SECONDS, ...burst },
      rss: { before: rssBefore, peak, after: server.memory().rss },
      flushed,
    };
  } finally {
    redis.disconnect();
    await db.end();
  }
}

/** Moves the burst's due times just ahead, adds their wake-ups as a commit would, and waits for them. */
async function runBurst(db: import('pg').Pool, server: ServerProcess) {
  const dueAt = Date.now() + 8_000;
  const spacingMs = (WINDOW_SECONDS * 1000) / BURST;
  const dueOf = (i: number) => dueAt + (i - 1) * spacingMs;
  await db.query(
    `update timers set due = $1::timestamptz + make_interval(secs => (split_part(instance_id, '-', 3)::int - 1) * $2::float8)
     where id like 't\\_\\_tb-due-%'`,
    [new Date(dueAt).toISOString(), spacingMs / 1000],
  );
  const timers = await db.query<{ id: string; due: string }>(
    `select id, to_char(due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due from timers where id like 't\\_\\_tb-due-%'`,
  );
  const committed: number[] = [];
  const listener = new pg.Client({ connectionString: benchUrl });
  await listener.connect();
  listener.on('notification', (message) => {
    const arrived = Date.now();
    const change = (JSON.parse(message.payload ?? '{}') as { change?: { instanceId?: string } }).change;
    const match = /^tb-due-(\d+)$/.exec(change?.instanceId ?? '');
    if (match) committed.push(arrived - dueOf(Number(match[1])));
  });
  await listener.query('listen doanflow_public');
  const queue = await TimerQueue.open({ redisUrl, prefix: PREFIX });
  try {
    // The rebuilds added them with the old due times: replaced, as a rescheduling commit would.
    for (let i = 0; i < timers.rows.length; i += 5_000) {
      const page = timers.rows.slice(i, i + 5_000);
      await queue.cancel(page.map((timer) => timer.id));
      await queue.schedule(page, new Date());
    }
    log(
      `timers: ${timers.rows.length} wake-ups added; they fall due over ${WINDOW_SECONDS} s from ${new Date(dueAt).toISOString()}`,
    );
    const deadline = dueAt + WINDOW_SECONDS * 1000 + 60_000;
    while (committed.length < BURST && Date.now() < deadline) await sleep(250);
    await sleep(500);
  } finally {
    await queue.close();
    await listener.end();
  }
  const engine = (
    await db.query<{ late: number }>(
      `select extract(epoch from (h.at - t.due)) * 1000 as late
       from timers t join history h on h.instance_id = t.instance_id and h.type = t.event ->> 'type'
       where t.id like 't\\_\\_tb-due-%'`,
    )
  ).rows.map((row) => Number(row.late));
  const result = { fired: engine.length, engine: percentiles(engine), committed: percentiles(committed) };
  log(
    `timers: ${result.fired}/${BURST} fired; lateness to commit p50 ${result.committed.p50.toFixed(0)} ms, p99 ${result.committed.p99.toFixed(0)} ms, max ${result.committed.max.toFixed(0)} ms (engine clock p99 ${result.engine.p99.toFixed(0)} ms); server RSS ${server.memory().rss.toFixed(0)} MiB`,
  );
  return result;
}
