import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectoryData, person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, type HostedRuntime } from '../../src/runtime-factory.ts';
import { jobSchemaFor } from '../../src/timers/postgres-backend.ts';
import { dropSchema, nextChange, openRuntime, TestClock, transferInTransit, uniqueName } from './support.ts';

// No Redis anywhere: the default URL is a port where nothing listens, and no redis-server is found.
const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-timers-pg-'));
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
  rmSync(dataDir, { recursive: true, force: true });
});

async function silentRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return `redis://127.0.0.1:${port}`;
}

const noRedis = async () => ({ defaultUrl: await silentRedisUrl(), dataDir, findRedisServer: () => null });

/** The embedded server; the overdue and due-timer sweeps are off, so only BullMQ's worker can deliver. */
const openEmbedded = async (clock: TestClock) =>
  createRuntime({
    dataDir,
    registry: new WorkflowRegistry(unionWorkflows),
    directory: demoDirectoryData,
    clock,
    reconcileIntervalMs: 0,
    dueSweep: false,
    autoRedis: await noRedis(),
  });

const inTransit = transferInTransit;

const expiries = async (runtime: HostedRuntime, id: string) =>
  (
    await runtime.db.query('select seq from history where instance_id = $1 and type = $2', [
      id,
      'REFERRAL_EXPIRED',
    ])
  ).length;

/** Promotes the timer's delayed job and waits for the worker to deliver it. */
async function fireThroughWorker(
  runtime: HostedRuntime,
  clock: TestClock,
  id: string,
  timer: { id: string; due: string },
) {
  clock.set(timer.due);
  const fired = nextChange(
    runtime,
    (change) => change.instanceId === id && change.state === 'referralExpired',
  );
  expect(await runtime.timers!.promote(timer.id)).toBe(true);
  await fired;
  expect(await expiries(runtime, id)).toBe(1);
  // A late duplicate changes nothing, and the finished job is gone.
  expect(await runtime.fireTimer(timer.id)).toEqual({ status: 'skipped' });
  expect(await expiries(runtime, id)).toBe(1);
  // The worker completes (and so removes) the job just after the delivery's commit.
  await untilState(runtime, timer.id, 'unknown');
}

async function untilState(runtime: HostedRuntime, timerId: string, state: string) {
  for (let tries = 0; (await runtime.timers!.state(timerId)) !== state; tries += 1) {
    expect(tries).toBeLessThan(100);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('timers on BullMQ’s PostgreSQL backend when there is no Redis and no redis-server', () => {
  it('the embedded server keeps its wake-ups in PGlite, across a restart, and fires a timer once', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    let runtime = await openEmbedded(clock);
    let transfer;
    try {
      expect(runtime.timerTransport).toMatchObject({ kind: 'postgres', store: { where: 'embedded' } });
      expect(runtime.timerDelivery).toContain('BullMQ on its PostgreSQL backend in the embedded database');
      transfer = await inTransit(runtime);
      expect(await runtime.timers!.state(transfer.timer.id)).toBe('delayed');
    } finally {
      await runtime.close();
    }
    // The job lives in the data folder with the timer rows: nothing to re-add after a restart.
    runtime = await openEmbedded(clock);
    try {
      expect(await runtime.timers!.state(transfer.timer.id)).toBe('delayed');
      expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });
      await fireThroughWorker(runtime, clock, transfer.id, transfer.timer);
    } finally {
      await runtime.close();
    }
  });

  it('the embedded server removes the job of a cancelled timer', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    const runtime = await openEmbedded(clock);
    try {
      const { id, timer } = await inTransit(runtime);
      const jobRows = async () =>
        (await runtime.db.query('select id from bullmq.job where id = $1', [timer.id])).length;
      expect(await jobRows()).toBe(1);
      await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
      expect(await runtime.timers!.state(timer.id)).toBe('unknown');
      expect(await jobRows()).toBe(0);
      const [row] = await runtime.db.query<{ status: string }>('select status from timers where id = $1', [
        timer.id,
      ]);
      expect(row?.status).toBe('cancelled');
    } finally {
      await runtime.close();
    }
  });

  it('with DATABASE_URL, keeps the jobs in a schema of their own on the real PostgreSQL', async () => {
    const schema = uniqueName('rt_timerspg');
    schemas.push(schema, jobSchemaFor(schema));
    const clock = new TestClock('2026-03-02T02:00:00Z');
    const runtime = await openRuntime({ schema, clock, autoRedis: await noRedis() });
    try {
      expect(runtime.timerTransport).toMatchObject({
        kind: 'postgres',
        store: { where: 'postgresql', schema: `${schema}_bullmq` },
      });
      expect(runtime.timerDelivery).toContain(`DATABASE_URL's database (schema ${schema}_bullmq)`);
      const { id, timer } = await inTransit(runtime);
      const [job] = await runtime.db.query<{ state: string }>(
        `select state::text from ${schema}_bullmq.job where id = $1`,
        [timer.id],
      );
      expect(job?.state).toBe('delayed');
      // Woken before its time (the clocks disagree), the job goes back to sleep.
      expect(await runtime.timers!.promote(timer.id)).toBe(true);
      await untilState(runtime, timer.id, 'delayed');
      expect(await expiries(runtime, id)).toBe(0);
      await fireThroughWorker(runtime, clock, id, timer);
    } finally {
      await runtime.close();
    }
  });
});
