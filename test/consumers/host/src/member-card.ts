import { defineWorkflow, type MachineInput, type WorkflowEvent } from '@doanflow/engine';
import { assign, setup } from 'xstate';
import { z } from 'zod';

/**
 * A workflow of the host's own, with the host's own xstate and zod: a member asks for a new Union
 * membership card (cấp lại thẻ đoàn viên), the branch secretary issues it or refuses with a reason.
 */
const cardInput = z.object({
  memberId: z.string().min(1),
  branchId: z.string().min(1),
  cause: z.enum(['lost', 'damaged', 'detailsChanged']),
});
const policy = z.object({});
const payloads = {
  ISSUE: z.object({ cardNumber: z.string().min(1) }),
  REFUSE: z.object({ reason: z.string().min(1) }),
};

type Input = z.infer<typeof cardInput>;
type Events =
  | WorkflowEvent<'ISSUE', z.infer<typeof payloads.ISSUE>>
  | WorkflowEvent<'REFUSE', z.infer<typeof payloads.REFUSE>>;

interface CardContext {
  memberId: string;
  branchId: string;
  cause: Input['cause'];
  cardNumber: string | null;
  reason: string | null;
}

const machine = setup({
  types: {
    context: {} as CardContext,
    events: {} as Events,
    input: {} as MachineInput<Input, z.infer<typeof policy>>,
  },
}).createMachine({
  id: 'memberCard',
  context: ({ input }) => ({ ...input.data, cardNumber: null, reason: null }),
  initial: 'requested',
  states: {
    requested: {
      on: {
        ISSUE: {
          target: 'issued',
          actions: assign({ cardNumber: ({ event }) => event.payload.cardNumber }),
        },
        REFUSE: { target: 'refused', actions: assign({ reason: ({ event }) => event.payload.reason }) },
      },
    },
    issued: { type: 'final' },
    refused: { type: 'final' },
  },
});

const secretary = { role: 'branchSecretary', of: 'branch', at: 'own' } as const;

export const memberCard = defineWorkflow({
  id: 'member-card',
  version: 1,
  title: { vi: 'Cấp lại thẻ đoàn viên', en: 'New membership card' },
  machine,
  input: cardInput,
  policy,
  events: {
    ISSUE: { payload: payloads.ISSUE, label: { vi: 'Cấp thẻ', en: 'Issue the card' }, decision: true },
    REFUSE: { payload: payloads.REFUSE, label: { vi: 'Từ chối', en: 'Refuse' }, decision: true },
  },
  states: {
    requested: { vi: 'Chờ chi đoàn cấp thẻ', en: 'Waiting for the branch' },
    issued: { vi: 'Đã cấp thẻ', en: 'Card issued' },
    refused: { vi: 'Không cấp', en: 'Refused' },
  },
  permissions: [
    { event: 'ISSUE', states: ['requested'], ...secretary },
    { event: 'REFUSE', states: ['requested'], ...secretary },
  ],
  start: [{ role: 'member', subjectOnly: true }],
  units: (context) => ({ branch: context.branchId }),
  subject: (context) => ({ personId: context.memberId }),
  summary: (context) => ({ cause: context.cause, cardNumber: context.cardNumber }),
});
