import { person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { describe, expect, it } from 'vitest';
import { ServerError } from '../../src/errors.ts';
import type { InstanceView, SendCommand } from '../../src/runner/contract.ts';
import { sendEach } from '../../src/runner/bulk.ts';

/**
 * Bulk decisions: every item is checked before any is sent, and what goes wrong while sending
 * (even a fault nobody foresaw) is that item's answer, never a 500 for a half-written batch.
 */

const registry = new WorkflowRegistry(unionWorkflows);
const view = (id: string) => ({ id, workflowId: 'member-transfer', version: 1, revision: 1 }) as InstanceView;

function runtime(fault: (id: string) => Error | null) {
  const sent: string[] = [];
  return {
    sent,
    deps: {
      registry,
      log: () => {},
      runtime: {
        get: async (id: string) => {
          if (id === 'hidden') throw new ServerError('NOT_FOUND', 'no such instance');
          return view(id);
        },
        send: async (id: string, _command: SendCommand) => {
          const error = fault(id);
          if (error) throw error;
          sent.push(id);
          return view(id);
        },
      },
    },
  };
}

describe('bulk decisions', () => {
  it('refuse the whole batch before sending anything when an item cannot be valid', async () => {
    const { deps, sent } = runtime(() => null);
    const items = [
      { instanceId: 'a', command: { type: 'SUBMIT' }, expectedRevision: 1 },
      { instanceId: 'b', command: { type: 'constructor' }, expectedRevision: 1 },
      {
        instanceId: 'c',
        command: { type: 'CONFIRM', payload: { duesPaidThrough: 12 } },
        expectedRevision: 1,
      },
    ];
    await expect(sendEach(deps, items, person('p-an'))).rejects.toMatchObject({
      code: 'INVALID_BULK_ITEMS',
      details: {
        items: [
          { index: 1, instanceId: 'b', code: 'UNKNOWN_EVENT' },
          { index: 2, instanceId: 'c', code: 'INVALID_PAYLOAD' },
        ],
      },
    });
    expect(sent).toEqual([]);
  });

  it('answer a fault met while sending for its item alone, the others sent', async () => {
    const { deps, sent } = runtime((id) => (id === 'b' ? new TypeError('boom') : null));
    const results = await sendEach(
      deps,
      ['a', 'b', 'hidden', 'c'].map((instanceId) => ({
        instanceId,
        command: { type: 'SUBMIT' },
        expectedRevision: 1,
      })),
      person('p-an'),
    );
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
      'ok',
      'INTERNAL',
      'ok',
      'ok',
    ]);
    expect(sent).toEqual(['a', 'hidden', 'c']);
  });
});
