import {
  defineWorkflow,
  effectActions,
  type EventSpec,
  type MachineInput,
  type WorkflowEvent,
} from '@doanflow/engine';
import { assign, setup } from 'xstate';
import { z } from 'zod';

/**
 * A two-region review whose regions and context keys are declared in an order jsonb does not keep
 * (jsonb puts shorter keys first: "zeta" before "approval"), to prove snapshots survive a round trip
 * through PostgreSQL exactly.
 */
const input = z.strictObject({ branchId: z.string(), memberId: z.string() });
type Input = z.infer<typeof input>;
const empty = z.strictObject({});
const noted = z.strictObject({ note: z.string().max(200) });
const payloads = { ZETA_OK: noted, APPROVAL_OK: noted, CLOSE: empty };
type Events = {
  [K in keyof typeof payloads]: WorkflowEvent<K, z.infer<(typeof payloads)[K]>>;
}[keyof typeof payloads];

interface Context {
  zetaNote: string | null;
  memberId: string;
  branchId: string;
  ab: { z: number; a: number };
}

const machine = setup({
  types: {
    context: {} as Context,
    events: {} as Events,
    input: {} as MachineInput<Input, Record<string, never>>,
  },
  actions: { ...effectActions },
}).createMachine({
  id: 'parallelReview',
  context: ({ input: { data } }) => ({
    zetaNote: null,
    memberId: data.memberId,
    branchId: data.branchId,
    ab: { z: 1, a: 2 },
  }),
  initial: 'review',
  states: {
    review: {
      type: 'parallel',
      on: { CLOSE: 'closed' },
      states: {
        approval: {
          initial: 'pending',
          states: { pending: { on: { APPROVAL_OK: 'checked' } }, checked: {} },
        },
        zeta: {
          initial: 'pending',
          states: {
            pending: {
              on: {
                ZETA_OK: {
                  target: 'checked',
                  actions: assign({ zetaNote: ({ event }) => event.payload.note }),
                },
              },
            },
            checked: {},
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});

const label = (vi: string, en: string) => ({ vi, en });
const events: Record<string, EventSpec> = {
  ZETA_OK: { payload: payloads.ZETA_OK, label: label('Duyệt phần Z', 'Approve Z') },
  APPROVAL_OK: { payload: payloads.APPROVAL_OK, label: label('Phê duyệt', 'Approve') },
  CLOSE: { payload: payloads.CLOSE, label: label('Kết thúc', 'Close') },
};

const reviewStates = [
  'review.zeta.pending',
  'review.zeta.checked',
  'review.approval.pending',
  'review.approval.checked',
];

export const parallelReview = defineWorkflow({
  id: 'parallel-review',
  version: 1,
  title: label('Xét duyệt song song', 'Parallel review'),
  description: label('Hai phần được duyệt song song', 'Two parts reviewed side by side'),
  machine,
  input,
  policy: z.object({}),
  events,
  states: {
    review: label('Đang xét', 'In review'),
    'review.zeta': label('Phần Z', 'Part Z'),
    'review.zeta.pending': label('Chờ duyệt Z', 'Z pending'),
    'review.zeta.checked': label('Đã duyệt Z', 'Z approved'),
    'review.approval': label('Phần phê duyệt', 'Approval part'),
    'review.approval.pending': label('Chờ phê duyệt', 'Approval pending'),
    'review.approval.checked': label('Đã phê duyệt', 'Approval given'),
    closed: label('Đã kết thúc', 'Closed'),
  },
  permissions: [
    { event: 'ZETA_OK', states: ['review.zeta.pending'], role: 'branchSecretary', of: 'branch', at: 'own' },
    {
      event: 'APPROVAL_OK',
      states: ['review.approval.pending'],
      role: 'branchSecretary',
      of: 'branch',
      at: 'own',
    },
    { event: 'CLOSE', states: reviewStates, role: 'branchSecretary', of: 'branch', at: 'own' },
  ],
  start: [{ role: 'branchSecretary', of: 'branch', at: 'own' }],
  units: (context) => ({ branch: context.branchId }),
  subject: (context) => ({ personId: context.memberId }),
  summary: (context) => ({ memberId: context.memberId, zetaNote: context.zetaNote }),
});
