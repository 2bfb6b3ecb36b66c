import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectoryData, person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type HostedRuntime } from '../../src/runtime-factory.ts';
import {
  auditInstance,
  dropSchema,
  openRuntime,
  startTransfers,
  TestClock,
  transferInput,
  uniqueName,
} from './support.ts';

/**
 * Group commit (runner/group-commit.ts) on real PostgreSQL: concurrent decisions on different
 * instances share one statement and one commit, and each caller still gets its own answer.
 */
const schema = uniqueName('rt_group_commit');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  // A wait long enough that the test's decisions surely meet in batches on a busy machine.
  runtime = await openRuntime({ schema, clock, poolSize: 8, groupCommit: { maxWaitMs: 20, maxBatch: 64 } });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const startMany = (count: number) => startTransfers(runtime, count);

const revisionOf = async (id: string) => {
  const [row] = await runtime.db.query<{ revision: number; entries: string }>(
    'select revision, (select count(*) from history h where h.instance_id = i.id) as entries from instances i where id = $1',
    [id],
  );
  return { revision: row!.revision, entries: Number(row!.entries) };
};

const expectSound = async (id: string) => {
  const audit = await auditInstance(runtime, id);
  expect(audit.replayed).toEqual(audit.stored);
  expect(audit.brokenAt).toBeNull();
  expect(audit.lastHashMatches).toBe(true);
  expect(audit.revision).toBe(audit.entries.length);
};

/** Holds the batcher's lane: this instance's write sleeps in PostgreSQL while the others queue up. */
async function plugOn(id: string) {
  await runtime.db
    .query(`create or replace function group_commit_plug() returns trigger language plpgsql as $$
    begin
      if new.instance_id = '${id}' then perform pg_sleep(0.3); end if;
      return new;
    end $$`);
  await runtime.db.query(
    'create or replace trigger group_commit_plug before insert on history for each row execute function group_commit_plug()',
  );
}

async function dropTrigger(name: string) {
  await runtime.db.query(`drop trigger if exists ${name} on history`);
}

describe('group commit', () => {
  it('writes concurrent decisions on different instances together, each checked and answered alone', async () => {
    const [plug, ...ids] = await startMany(25);
    const before = { ...runtime.groupCommit.stats };
    await plugOn(plug!);
    try {
      const plugged = runtime.send(plug!, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [raced, refused, keyed, ...plain] = ids;
      const attempts = [
        // Two decisions on one instance: one is written; the other, computed again, is refused.
        runtime.send(raced!, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 }),
        runtime.send(raced!, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 }),
        // Not an event of this state: refused by the engine, written nowhere.
        runtime.send(refused!, { type: 'ACKNOWLEDGE' }, person('p-an'), { expectedRevision: 1 }),
        // A retry racing its original with the same Idempotency-Key: one entry, the same answer.
        runtime.send(keyed!, { type: 'SUBMIT' }, person('p-an'), {
          expectedRevision: 1,
          idempotencyKey: 'k-1',
        }),
        runtime.send(keyed!, { type: 'SUBMIT' }, person('p-an'), {
          expectedRevision: 1,
          idempotencyKey: 'k-1',
        }),
        ...plain.map((id) => runtime.send(id, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 })),
      ];
      const settled = await Promise.allSettled(attempts);
      await plugged;

      const reason = (index: number) => {
        const result = settled[index]!;
        return result.status === 'rejected' ? (result.reason as { code?: string }).code : 'written';
      };
      expect([reason(0), reason(1)].sort()).toEqual(['STALE_REVISION', 'written'].sort());
      expect(reason(2)).toBe('EVENT_NOT_ALLOWED');
      expect([reason(3), reason(4)]).toEqual(['written', 'written']);
      const [first, second] = [settled[3], settled[4]] as PromiseFulfilledResult<{ revision: number }>[];
      expect(first!.value).toEqual(second!.value);
      for (let index = 5; index < settled.length; index += 1) expect(reason(index)).toBe('written');

      expect(await revisionOf(raced!)).toEqual({ revision: 2, entries: 2 });
      expect(await revisionOf(refused!)).toEqual({ revision: 1, entries: 1 });
      expect(await revisionOf(keyed!)).toEqual({ revision: 2, entries: 2 });
      for (const id of [plug!, ...ids]) await expectSound(id);

      // They did share statements: fewer statements than steps, and one of many.
      const batches = runtime.groupCommit.stats.batches - before.batches;
      const steps = runtime.groupCommit.stats.steps - before.steps;
      expect(runtime.groupCommit.stats.largest).toBeGreaterThanOrEqual(3);
      expect(batches).toBeLessThan(steps);
      // No statement had to be undone and written again step by step.
      expect(runtime.groupCommit.stats.retriedAlone).toBe(before.retriedAlone);
      // Every outbox message and task of a SUBMIT is there, once per instance.
      const [counts] = await runtime.db.query<{ outbox: string; tasks: string }>(
        `select (select count(*) from outbox where payload->>'instanceId' = any($1)) as outbox,
                (select count(*) from tasks where instance_id = any($1)) as tasks`,
        [plain],
      );
      const [reference] = await runtime.db.query<{ outbox: string; tasks: string }>(
        `select (select count(*) from outbox where payload->>'instanceId' = $1) as outbox,
                (select count(*) from tasks where instance_id = $1) as tasks`,
        [plug],
      );
      expect(Number(counts!.outbox)).toBe(Number(reference!.outbox) * plain.length);
      expect(Number(counts!.tasks)).toBe(Number(reference!.tasks) * plain.length);
    } finally {
      await dropTrigger('group_commit_plug');
    }
  });

  it('a step the database refuses fails alone: its batch is written again step by step', async () => {
    const [plug, failing, ...ids] = await startMany(12);
    await plugOn(plug!);
    await runtime.db
      .query(`create or replace function group_commit_refuse() returns trigger language plpgsql as $$
      begin
        if new.instance_id = '${failing}' then raise exception 'refused for the test' using errcode = '23514'; end if;
        return new;
      end $$`);
    await runtime.db.query(
      'create or replace trigger group_commit_refuse before insert on history for each row execute function group_commit_refuse()',
    );
    const retried = runtime.groupCommit.stats.retriedAlone;
    try {
      const plugged = runtime.send(plug!, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const settled = await Promise.allSettled(
        [failing!, ...ids].map((id) =>
          runtime.send(id, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 }),
        ),
      );
      await plugged;
      expect(settled[0]).toMatchObject({ status: 'rejected', reason: { code: '23514' } });
      expect(settled.slice(1).every((result) => result.status === 'fulfilled')).toBe(true);
      expect(runtime.groupCommit.stats.retriedAlone).toBeGreaterThan(retried);
      expect(await revisionOf(failing!)).toEqual({ revision: 1, entries: 1 });
      for (const id of ids) expect(await revisionOf(id)).toEqual({ revision: 2, entries: 2 });
      for (const id of [plug!, failing!, ...ids]) await expectSound(id);
    } finally {
      await dropTrigger('group_commit_plug');
      await dropTrigger('group_commit_refuse');
    }
  });

  it('a connection killed mid-batch writes nothing of it; every caller gets one answer and a retry applies once', async () => {
    const [plug, victim, ...ids] = await startMany(12);
    await plugOn(plug!);
    // The backend writing the victim's step kills its own connection, inside the batch's statement.
    await runtime.db
      .query(`create or replace function group_commit_kill() returns trigger language plpgsql as $$
      begin
        if new.instance_id = '${victim}' then
          perform pg_terminate_backend(pg_backend_pid());
          perform pg_sleep(5);
        end if;
        return new;
      end $$`);
    await runtime.db.query(
      'create or replace trigger group_commit_kill before insert on history for each row execute function group_commit_kill()',
    );
    const all = [victim!, ...ids];
    const send = (id: string) =>
      runtime.send(id, { type: 'SUBMIT' }, person('p-an'), {
        expectedRevision: 1,
        idempotencyKey: `kill-${id}`,
      });
    let settled: PromiseSettledResult<unknown>[];
    try {
      const plugged = runtime.send(plug!, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      settled = await Promise.allSettled(all.map(send));
      await plugged;
    } finally {
      await dropTrigger('group_commit_plug');
      await dropTrigger('group_commit_kill');
    }
    const lost = all.filter((_, index) => settled[index]!.status === 'rejected');
    // The victim's whole batch (not only the victim) got 503, and nothing of any of them was written.
    expect(lost).toContain(victim);
    expect(lost.length).toBeGreaterThan(1);
    const answers = await Promise.all(
      all.map(async (id, index) => {
        const result = settled[index]!;
        const code = result.status === 'rejected' ? (result.reason as { code?: string }).code : 'written';
        return { code, stored: await revisionOf(id) };
      }),
    );
    // A 503 wrote nothing (revision 1, the start alone); a written one is at revision 2.
    expect(answers.every(({ code }) => code === 'UNAVAILABLE' || code === 'written')).toBe(true);
    expect(
      answers.every(({ code, stored }) =>
        code === 'UNAVAILABLE'
          ? stored.revision === 1 && stored.entries === 1
          : stored.revision === 2 && stored.entries === 2,
      ),
    ).toBe(true);
    // The clients retry with their keys: applied exactly once, the others replayed.
    const again = await Promise.all(all.map(send));
    expect(again.every((view) => (view as { revision: number }).revision === 2)).toBe(true);
    for (const id of [plug!, ...all]) {
      expect(await revisionOf(id)).toEqual({ revision: 2, entries: 2 });
      await expectSound(id);
    }
  });

  it('writes concurrent starts together, each its own instance', async () => {
    const before = { ...runtime.groupCommit.stats };
    const views = await Promise.all(
      Array.from({ length: 20 }, () => runtime.start('member-transfer', transferInput, person('p-an'))),
    );
    expect(new Set(views.map((view) => view.id)).size).toBe(20);
    expect(runtime.groupCommit.stats.steps - before.steps).toBe(20);
    expect(runtime.groupCommit.stats.batches - before.batches).toBeLessThan(20);
    for (const view of views) {
      expect(await revisionOf(view.id)).toEqual({ revision: 1, entries: 1 });
      await expectSound(view.id);
    }
  });

  it('GROUP_COMMIT_WAIT_MS=0 writes every step alone', async () => {
    const alone = await openRuntime({
      schema,
      clock,
      poolSize: 4,
      groupCommit: { maxWaitMs: 0, maxBatch: 32 },
    });
    try {
      const ids = await startTransfers(alone, 6);
      await Promise.all(
        ids.map((id) => alone.send(id, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 })),
      );
      expect(alone.groupCommit.stats.batches).toBe(0);
      for (const id of ids) await expectSound(id);
    } finally {
      await alone.close();
    }
  });
});

describe('group commit on PGlite (one connection)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-group-commit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('batches concurrent decisions and answers each', async () => {
    const embedded = await createRuntime({
      dataDir,
      registry: new WorkflowRegistry(unionWorkflows),
      directory: demoDirectoryData,
      clock,
      reconcileIntervalMs: 0,
    });
    try {
      const ids = await startTransfers(embedded, 10);
      const settled = await Promise.allSettled([
        ...ids.map((id) => embedded.send(id, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 })),
        embedded.send(ids[0]!, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 }),
      ]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
      expect(settled[10]).toMatchObject({ status: 'rejected', reason: { code: 'STALE_REVISION' } });
      expect(embedded.groupCommit.stats.largest).toBeGreaterThan(1);
      for (const id of ids) {
        const [row] = await embedded.db.query<{ revision: number }>(
          'select revision from instances where id = $1',
          [id],
        );
        expect(row!.revision).toBe(2);
      }
    } finally {
      await embedded.close();
    }
    // PGlite applies every migration at open: slow on a busy machine.
  }, 120_000);
});
