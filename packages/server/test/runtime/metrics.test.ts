import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../src/metrics/server-metrics.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import {
  dropSchema,
  openRuntime,
  TestClock,
  transferInput,
  transferInTransit,
  uniqueName,
} from './support.ts';

const schema = uniqueName('rt_metrics');
const clock = new TestClock('2026-03-02T02:00:00Z');
const metrics = new ServerMetrics();
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, observer: metrics.runtimeObserver });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const value = async (name: string, labels: Record<string, string>) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values.find((sample) =>
    Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted),
  )?.value;

describe('runtime metrics', () => {
  it('count starts and decisions by workflow and outcome, replays apart', async () => {
    await transferInTransit(runtime);
    await expect(runtime.send('nope', { type: 'SUBMIT' }, person('p-an'))).rejects.toThrow(/no instance/);
    const first = await runtime.start('member-transfer', transferInput, person('p-an'), {
      idempotencyKey: 'k-1',
    });
    await runtime.start('member-transfer', transferInput, person('p-an'), { idempotencyKey: 'k-1' });
    await expect(runtime.send(first.id, { type: 'CONFIRM' }, person('p-an'))).rejects.toMatchObject({
      name: 'WorkflowError',
    });
    const counted = (kind: string, outcome: string, workflow = 'member-transfer') =>
      value('doanflow_commands_total', { kind, workflow, outcome });
    expect(await counted('start', 'applied')).toBe(2);
    expect(await counted('start', 'replayed')).toBe(1);
    // SUBMIT, CONFIRM and ISSUE_REFERRAL of the transfer in transit.
    expect(await counted('decision', 'applied')).toBe(3);
    expect(await counted('decision', 'refused')).toBe(1);
    expect(await counted('decision', 'not_found', 'unknown')).toBe(1);
  });

  it('measures how late a timer event was applied', async () => {
    const { due } = await transferInTransit(runtime);
    clock.set(new Date(Date.parse(due) + 90_000).toISOString());
    const fired = await runtime.runDueTimers();
    expect(fired).toBeGreaterThanOrEqual(1);
    const lateness = await metrics.registry.getSingleMetric('doanflow_timer_lateness_seconds')!.get();
    const named = (name: string) =>
      lateness.values.find((sample) => (sample as { metricName?: string }).metricName === name);
    const sum = named('doanflow_timer_lateness_seconds_sum');
    const count = named('doanflow_timer_lateness_seconds_count');
    expect(count?.value).toBe(fired);
    expect(sum?.value).toBe(90 * fired);
    expect(sum?.labels).toEqual({ workflow: 'member-transfer' });
  });
});
