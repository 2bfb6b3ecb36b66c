import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  demoDirectoryData,
  person,
  replay,
  unionWorkflows,
  demoPolicy,
  WorkflowRegistry,
  type Clock,
  type InstanceSnapshot,
} from '@doanflow/engine';
import { verifyChain } from '../../src/persistence/hash-chain.ts';
import { entryOf, type HistoryRow } from '../../src/runner/rows.ts';
import type { ChangeEvent } from '../../src/runner/contract.ts';
import { createRuntime, type CreateRuntimeOptions, type HostedRuntime } from '../../src/runtime-factory.ts';

export const DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/doanflow_test';
export const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A clock tests move by hand; the runtime never reads the real time when given one. */
export class TestClock implements Clock {
  private current: number;
  constructor(initial: string) {
    this.current = Date.parse(initial);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string): void {
    this.current = Date.parse(instant);
  }
  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

export const transferInput = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};

/**
 * Every Union workflow, with only v1 of the named ones: a suite about something else (dossiers,
 * notifications) written against v1's chart, as instances started before v2 still run on it.
 */
export function registryWithV1Of(...workflowIds: string[]): WorkflowRegistry {
  return new WorkflowRegistry(
    unionWorkflows.filter((definition) => !workflowIds.includes(definition.id) || definition.version === 1),
  );
}

export function openRuntime(
  options: Partial<CreateRuntimeOptions> & { clock: Clock; schema: string },
): Promise<HostedRuntime> {
  return createRuntime({
    databaseUrl: DATABASE_URL,
    registry: new WorkflowRegistry(unionWorkflows),
    directory: demoDirectoryData,
    // The demo deployment's policy (a Phó Bí thư may sign "TM."), which the demo seeds rely on.
    policy: demoPolicy,
    reconcileIntervalMs: 0,
    // The tests' clocks jump: their timers fire when a test wakes them, not when a sweep notices.
    dueSweep: false,
    ...options,
  });
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

/** Resolves with the next change matching `predicate` (no polling, no sleeping). */
export function nextChange(
  runtime: HostedRuntime,
  predicate: (change: ChangeEvent) => boolean,
  timeoutMs = 10_000,
): Promise<ChangeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no matching change arrived'));
    }, timeoutMs);
    const stop = runtime.subscribe((change) => {
      if (!predicate(change)) return;
      clearTimeout(timer);
      stop();
      resolve(change);
    });
  });
}

/** Row counts of every table, to prove a refused command wrote nothing. */
export async function rowCounts(runtime: HostedRuntime): Promise<Record<string, number>> {
  const tables = ['instances', 'history', 'tasks', 'timers', 'idempotency_keys', 'outbox'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await runtime.db.query<{ n: string }>(`select count(*) as n from ${table}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}

/** Replays an instance's stored history and checks it against the stored snapshot and hash chain. */
export async function auditInstance(runtime: HostedRuntime, instanceId: string) {
  const rows = await runtime.db.query<HistoryRow>(
    'select * from history where instance_id = $1 order by seq',
    [instanceId],
  );
  const [instance] = await runtime.db.query<{
    snapshot: InstanceSnapshot;
    revision: number;
    last_hash: string;
  }>('select snapshot, revision, last_hash from instances where id = $1', [instanceId]);
  const entries = rows.map(entryOf);
  const first = entries[0]!;
  const definition = runtime.registry.get(instance!.snapshot.workflowId, instance!.snapshot.version);
  return {
    // Under the notices in force: a recount leaves every pending timer counted under them.
    replayed: replay(definition, instanceId, entries, runtime.calendars.calendar),
    stored: instance!.snapshot,
    revision: instance!.revision,
    entries,
    brokenAt: verifyChain(
      rows.map((row) => ({ entry: entryOf(row), prevHash: row.prev_hash, hash: row.hash })),
    ),
    lastHashMatches: rows[rows.length - 1]?.hash === instance!.last_hash,
    startedAt: first.at,
  };
}

/**
 * Drives a member transfer to "inTransit", where the referral validity timer is pending; the
 * referral is dated `issuedOn` (the runtime's clock should be on that day), dues paid to the month before.
 */
/** Starts `count` member transfers as p-an, one after another; their ids. */
export async function startTransfers(runtime: HostedRuntime, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1)
    ids.push((await runtime.start('member-transfer', transferInput, person('p-an'))).id);
  return ids;
}

export async function transferInTransit(runtime: HostedRuntime, issuedOn = '2026-03-02') {
  const view = await runtime.start('member-transfer', transferInput, person('p-an'));
  await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
  const monthBefore = new Date(`${issuedOn.slice(0, 7)}-01T00:00:00Z`);
  monthBefore.setUTCMonth(monthBefore.getUTCMonth() - 1);
  await runtime.send(
    view.id,
    {
      type: 'CONFIRM',
      payload: { duesPaidThrough: monthBefore.toISOString().slice(0, 7), memberBookComment: 'Tốt' },
    },
    person('p-binh'),
  );
  const issued = await runtime.send(
    view.id,
    { type: 'ISSUE_REFERRAL', payload: { referralNumber: '1/GGT', issuedOn } },
    person('p-hieu'),
  );
  const timer = issued.timers[0]!;
  return { id: view.id, timer, timerId: timer.id, due: timer.due };
}
