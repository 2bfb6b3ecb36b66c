import { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type HostedRuntime } from '../../src/runtime-factory.ts';
import { runtimeOptionsFrom } from '../../src/runtime-options.ts';
import {
  DATABASE_URL,
  dropSchema,
  nextChange,
  REDIS_URL,
  TestClock,
  transferInTransit,
  uniqueName,
} from './support.ts';

/**
 * Two deployments (each its own database schema) configured as operators would, sharing one
 * Redis: BULLMQ_PREFIX keeps their wake-ups apart, so neither's worker takes the other's jobs.
 */
const clock = new TestClock('2026-03-02T02:00:00Z');
const deployments: { runtime: HostedRuntime; schema: string; prefix: string; handled: string[] }[] = [];

async function deployment(): Promise<(typeof deployments)[number]> {
  const prefix = uniqueName('dfdeploy');
  const config = loadConfig({
    JWT_SECRET: 'x'.repeat(40),
    DATABASE_URL,
    REDIS_URL,
    BULLMQ_PREFIX: prefix,
  });
  const schema = uniqueName('rt_deploy');
  const runtime = await createRuntime({
    ...runtimeOptionsFrom(config),
    schema,
    registry: new WorkflowRegistry(unionWorkflows),
    directory: demoDirectoryData,
    clock,
    // Only the wake-ups deliver here: no sweep would hide a stolen job.
    reconcileIntervalMs: 0,
    dueSweep: false,
  });
  const handled: string[] = [];
  runtime.worker!.on('completed', (job) => handled.push(job.id!));
  const created = { runtime, schema, prefix, handled };
  deployments.push(created);
  return created;
}

beforeAll(async () => {
  await deployment();
  await deployment();
});
afterAll(async () => {
  for (const { runtime, schema } of deployments) {
    await runtime.timers?.queue.obliterate({ force: true });
    await runtime.close();
    await dropSchema(schema);
  }
});

describe('two deployments on one Redis', () => {
  it('keep their wake-ups under their own BULLMQ_PREFIX and never take each other’s', async () => {
    const [a, b] = deployments as [(typeof deployments)[number], (typeof deployments)[number]];
    expect(a.runtime.timers!.key('x')).toBe(`${a.prefix}:doanflow-timers:x`);

    // One timer at a time, made due at once: whichever worker takes the wake-up handles it, so on
    // a shared prefix B's worker would take about half of them and A's timers would not fire.
    const fired: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const { id, timerId, due } = await transferInTransit(a.runtime);
      expect(await a.runtime.timers!.state(timerId)).toBe('delayed');
      expect(await b.runtime.timers!.state(timerId)).toBe('unknown');
      clock.set(new Date(Date.parse(due) + 60_000).toISOString());
      const expired = nextChange(a.runtime, (change) => change.instanceId === id, 10_000);
      expect(await a.runtime.timers!.promote(timerId)).toBe(true);
      await expired;
      fired.push(timerId);
    }
    const rows = await a.runtime.db.query<{ n: string }>(
      `select count(*) as n from timers where status = 'fired' and id = any($1::text[])`,
      [fired],
    );
    expect(Number(rows[0]!.n)).toBe(fired.length);
    // The job completes just after its change is published.
    for (let wait = 0; wait < 100 && a.handled.length < fired.length; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(a.handled.sort()).toEqual([...fired].sort());
    expect(b.handled).toEqual([]);
  });
});
