import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  defineWorkflow,
  effectActions,
  type LinkedFact,
  type MachineInput,
  type WorkflowEvent,
} from '@doanflow/engine';

/**
 * Two small workflows that exercise links: a "decision" about a branch whose result goes to the
 * branch's record and to the branch's open "listener" instances.
 */
const label = (vi: string) => ({ vi, en: vi });
const branchInput = z.strictObject({ branchId: z.string().min(1) });

type SourceEvent = WorkflowEvent<'DECIDE', { level: string }>;
const sourceMachine = setup({
  types: {
    context: {} as { branchId: string; level: string | null },
    events: {} as SourceEvent,
    input: {} as MachineInput<{ branchId: string }>,
  },
  actions: effectActions,
}).createMachine({
  id: 'linkSource',
  context: ({ input }) => ({ branchId: input.data.branchId, level: null }),
  initial: 'open',
  states: {
    open: {
      on: {
        DECIDE: {
          target: 'decided',
          actions: [
            assign({ level: ({ event }) => event.payload.level }),
            {
              type: 'emitLink',
              params: ({ event }) => ({
                kind: 'test.result',
                key: '2026',
                to: { unit: 'branch' },
                data: { level: event.payload.level },
                deliver: [{ workflowId: 'link-listener', event: 'RESULT_RECORDED' }],
              }),
            },
          ],
        },
      },
    },
    decided: { type: 'final' },
  },
});

export const linkSource = defineWorkflow({
  id: 'link-source',
  version: 1,
  title: label('Nguồn'),
  machine: sourceMachine,
  input: branchInput,
  policy: z.object({}),
  events: { DECIDE: { payload: z.strictObject({ level: z.string() }), label: label('Quyết định') } },
  states: { open: label('Mở'), decided: label('Đã quyết định') },
  permissions: [{ event: 'DECIDE', states: ['open'], role: 'baseSecretary', of: 'branch', at: 'levelAbove' }],
  start: [{ role: 'baseSecretary', of: 'branch', at: 'levelAbove' }],
  units: (context) => ({ branch: context.branchId }),
  subject: () => ({ unit: 'branch' }),
});

type ListenerEvent = WorkflowEvent<'RESULT_RECORDED', LinkedFact>;
const listenerMachine = setup({
  types: {
    context: {} as { branchId: string; facts: LinkedFact[] },
    events: {} as ListenerEvent,
    input: {} as MachineInput<{ branchId: string }>,
  },
}).createMachine({
  id: 'linkListener',
  context: ({ input }) => ({ branchId: input.data.branchId, facts: [] }),
  initial: 'waiting',
  states: {
    waiting: {
      on: {
        RESULT_RECORDED: {
          target: 'informed',
          actions: assign({ facts: ({ context, event }) => [...context.facts, event.payload] }),
        },
      },
    },
    informed: {},
  },
});

const linkedFact = z.strictObject({
  kind: z.string(),
  key: z.string(),
  data: z.record(z.string(), z.unknown()),
  source: z.strictObject({ instanceId: z.string(), workflowId: z.string(), seq: z.number() }),
});

export const linkListener = defineWorkflow({
  id: 'link-listener',
  version: 1,
  title: label('Nơi nhận'),
  machine: listenerMachine,
  input: branchInput,
  policy: z.object({}),
  events: { RESULT_RECORDED: { payload: linkedFact, label: label('Nhận kết quả'), link: true } },
  states: { waiting: label('Chờ'), informed: label('Đã nhận') },
  permissions: [],
  start: [{ role: 'baseSecretary', of: 'branch', at: 'levelAbove' }],
  units: (context) => ({ branch: context.branchId }),
  subject: () => ({ unit: 'branch' }),
});
