import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Database } from '../../src/db/database.ts';
import { isoOf } from '../../src/runner/rows.ts';
import { TIMER_QUEUE } from '../../src/timers/queue.ts';
import type { ChaosClient } from './client.ts';
import { sleep } from './processes.ts';
import { latenessFigures } from './report.ts';
import { sendDecision, startInstance, type Ledger } from './workload.ts';

/** The BullMQ prefix of src/main.ts (createRuntime's default). */
export const SERVER_QUEUE_PREFIX = 'doanflow';

const round = {
  awardingUnitId: 'dn',
  awardForms: [{ id: 'bi-thu-gioi', name: 'Bí thư chi đoàn giỏi', nomineeKind: 'person' }],
  quotas: { tradoc: 2 },
};

/** An award round whose hard deadline (a durable timer) falls at `deadline`. */
export function openRound(client: ChaosClient, ledger: Ledger, name: string, deadline: Date) {
  return startInstance(client, ledger, 'p-yen', 'award-campaign', {
    ...round,
    name,
    deadline: deadline.toISOString(),
  });
}

/** The standing secretary cancels a round: it leaves `open`, so its deadline must never fire. */
export async function cancelRound(client: ChaosClient, ledger: Ledger, instanceId: string) {
  const outcome = await sendDecision(client, ledger, instanceId, {
    personId: 'p-ha',
    type: 'CANCEL',
    payload: { reason: 'Điều chỉnh kế hoạch' },
  });
  if (outcome.status !== 200) throw new Error(`cancel refused: ${JSON.stringify(outcome.body)}`);
}

/** Waits (bounded) until no timer row of these instances is pending; returns how long it took. */
export async function waitUntilSettled(db: Database, instanceIds: string[], timeoutMs: number) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const [row] = await db.query<{ n: string }>(
      `select count(*) as n from timers where status = 'pending' and instance_id = any($1)`,
      [instanceIds],
    );
    if (Number(row!.n) === 0) return Date.now() - started;
    await sleep(250);
  }
  throw new Error(`timers still pending after ${timeoutMs} ms`);
}

export interface TimerAudit {
  scheduled: number;
  /** Rounds cancelled before their deadline: their timer must not fire. */
  cancelled: number;
  /** Rounds left open until their deadline: their timer must fire exactly once. */
  due: number;
  fired: number;
  problems: string[];
  latenessMs: number[];
}

/**
 * Every round either was cancelled (no DEADLINE_PASSED, its timer row cancelled) or reached its
 * deadline (exactly one DEADLINE_PASSED, from `open`, carrying the id of the timer row that `open`
 * scheduled, that row fired). Lateness runs from the due time (or the row's creation, when a round
 * was opened with its deadline already behind it) to the committed transition.
 */
export async function auditRoundTimers(db: Database, instanceIds: string[]): Promise<TimerAudit> {
  const timers = await db.query<{
    id: string;
    instance_id: string;
    name: string;
    status: string;
    due: string | Date;
    created_at: string | Date;
  }>(`select id, instance_id, name, status, due, created_at from timers where instance_id = any($1)`, [
    instanceIds,
  ]);
  const history = await db.query<{
    instance_id: string;
    type: string;
    timer_id: string | null;
    from_state: string | null;
    at: string | Date;
  }>(
    `select instance_id, type, timer_id, from_state, at from history
      where instance_id = any($1) and type in ('DEADLINE_PASSED', 'CANCEL') order by instance_id, seq`,
    [instanceIds],
  );
  const audit: TimerAudit = {
    scheduled: timers.length,
    cancelled: 0,
    due: 0,
    fired: 0,
    problems: [],
    latenessMs: [],
  };
  for (const id of instanceIds) {
    const rows = timers.filter((timer) => timer.instance_id === id);
    const entries = history.filter((entry) => entry.instance_id === id);
    const deadlines = entries.filter((entry) => entry.type === 'DEADLINE_PASSED');
    // Cancelled while still open: the deadline timer went with the state that scheduled it.
    const cancelled = entries.some((entry) => entry.type === 'CANCEL' && entry.from_state === 'open');
    const timer = rows[0];
    if (rows.length !== 1 || timer!.name !== 'nominationDeadline') {
      audit.problems.push(`${id}: ${rows.length} timer rows`);
      continue;
    }
    if (cancelled) {
      audit.cancelled += 1;
      if (deadlines.length > 0) audit.problems.push(`${id}: deadline fired for a cancelled round`);
      if (timer!.status !== 'cancelled')
        audit.problems.push(`${id}: cancelled round's timer is ${timer!.status}`);
      continue;
    }
    audit.due += 1;
    audit.fired += deadlines.length;
    if (deadlines.length !== 1) audit.problems.push(`${id}: DEADLINE_PASSED ${deadlines.length} times`);
    const entry = deadlines[0];
    if (!entry) continue;
    if (entry.from_state !== 'open') audit.problems.push(`${id}: fired from ${entry.from_state}`);
    if (entry.timer_id !== timer!.id) audit.problems.push(`${id}: fired for timer ${entry.timer_id}`);
    if (timer!.status !== 'fired') audit.problems.push(`${id}: timer row is ${timer!.status}`);
    const from = Math.max(Date.parse(isoOf(timer!.due)!), Date.parse(isoOf(timer!.created_at)!));
    audit.latenessMs.push(Date.parse(isoOf(entry.at)!) - from);
  }
  return audit;
}

export function timerFigures(audit: TimerAudit) {
  return {
    timersScheduled: audit.scheduled,
    timersCancelledBeforeDue: audit.cancelled,
    timersDue: audit.due,
    timersFired: audit.fired,
    ...Object.fromEntries(
      Object.entries(latenessFigures(audit.latenessMs)).map(([key, value]) => [`lateness.${key}`, value]),
    ),
  };
}

/**
 * Wakes every given timer again at once, as a stale job from an old process or a double enqueue
 * would: the rows decide, so none of them may change anything. Resolves when BullMQ is done.
 */
export async function wakeAgain(redisUrl: string, timerIds: string[], timeoutMs = 20_000): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  const queue = new Queue(TIMER_QUEUE, { connection, prefix: SERVER_QUEUE_PREFIX });
  try {
    // Ids of finished jobs may still be remembered: add under a fresh id that names the timer.
    await queue.addBulk(
      timerIds.map((timerId) => ({
        name: 'timer',
        data: { timerId },
        opts: { jobId: `again__${timerId}`, removeOnComplete: true, removeOnFail: true },
      })),
    );
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await sleep(200);
    }
    throw new Error('stale wake-ups were not consumed in time');
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
