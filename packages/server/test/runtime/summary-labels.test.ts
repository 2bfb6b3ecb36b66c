import { demoDirectoryData, unionWorkflows, WorkflowRegistry, type InstanceSnapshot } from '@doanflow/engine';
import { checkSummaryLabels } from '@doanflow/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { TravelClock } from '../../src/demo/travel-clock.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, uniqueName } from './support.ts';

const schema = uniqueName('rt_words');
const clock = new TravelClock();
const registry = new WorkflowRegistry(unionWorkflows);
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, registry });
  await seedDemo(runtime, clock);
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** Ids the server names for officers (InstanceView.names): a unit's quota is keyed by the unit. */
const named = new Set([...demoDirectoryData.units, ...demoDirectoryData.people].map((each) => each.id));

describe('the request details, in words', () => {
  it('labels every field of every demo request’s summary, codes included, from the workflow’s own table', async () => {
    const rows = await runtime.db.query<{ workflow_id: string; version: number; snapshot: InstanceSnapshot }>(
      'select workflow_id, version, snapshot from instances',
    );
    expect(new Set(rows.map((row) => row.workflow_id)).size).toBeGreaterThanOrEqual(5);
    // The check a host's workflow gets from @doanflow/engine/testing, over what the demo stored.
    const problems = rows.flatMap(
      (row) =>
        checkSummaryLabels(
          registry.get(row.workflow_id, row.version),
          [row.snapshot.machine.context],
          (key) => named.has(key),
        ).problems,
    );
    expect([...new Set(problems)].sort()).toEqual([]);
  });
});
