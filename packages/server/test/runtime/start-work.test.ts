import { person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

/** What a start computes, on PostgreSQL: the work that is not needed is not done (issue 15). */
const schema = uniqueName('rt_start_work');
const clock = new TestClock('2026-03-02T02:00:00Z');
const registry = new WorkflowRegistry(unionWorkflows);
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, registry });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

describe('a start', () => {
  it('without an admission parses its input once, in the engine', async () => {
    const definition = registry.get('member-transfer');
    const parse = vi.spyOn(definition.input, 'safeParse');
    try {
      const started = await runtime.start('member-transfer', transferInput, person('p-an'));
      expect(started).toMatchObject({ state: 'requested', revision: 1 });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
