import { assign, fromPromise, setup } from 'xstate';
import { DoanflowApiError, toApiError } from '@doanflow/client';
import { newIdempotencyKey } from '@doanflow/client';
import type { ActingForm, DefinitionView, InstanceView } from '@doanflow/client';
import { browserIsOffline } from '../shared/use-online.ts';

export interface ApprovalData {
  instance: InstanceView;
  definition: DefinitionView;
}

/** What the officer decided: sent as one command with the revision they saw. */
export interface Decision {
  type: string;
  payload?: unknown;
  comment: string | null;
  acting?: ActingForm;
  irreversible: boolean;
}

export interface SendRequest {
  decision: Decision;
  expectedRevision: number;
  idempotencyKey: string;
}

interface ApprovalContext {
  load: () => Promise<ApprovalData>;
  send: (request: SendRequest) => Promise<InstanceView>;
  /** Keeps a decision that got no answer on the device, to be sent when the connection returns. */
  queue: (request: SendRequest, data: ApprovalData) => Promise<void>;
  data: ApprovalData | undefined;
  error: DoanflowApiError | undefined;
  pending: Decision | undefined;
  idempotencyKey: string | undefined;
  /** Set when the last attempt got no answer and could not be kept: the same decision resent reuses the key. */
  unansweredDecision: string | undefined;
  sendError: DoanflowApiError | undefined;
  notice: 'sent' | 'conflict' | 'queued' | undefined;
  lastSent: { type: string; state: string } | undefined;
  /** The decision last kept on the device for later (its event type). */
  queued: string | undefined;
}

export type ApprovalEvent =
  | { type: 'RETRY' }
  | { type: 'REFRESH' }
  | { type: 'DECIDE'; decision: Decision }
  | { type: 'CONFIRM' }
  | { type: 'CANCEL' };

const offline = (error: unknown) => toApiError(error).isNetworkError || browserIsOffline();

/**
 * The approval panel's UI states. The server decides what may be sent (allowedEvents) and whether
 * it still may (409): this machine only tracks loading, confirming, submitting and conflicts.
 */
export const approvalMachine = setup({
  types: {
    context: {} as ApprovalContext,
    input: {} as Pick<ApprovalContext, 'load' | 'send' | 'queue'>,
    events: {} as ApprovalEvent,
  },
  actors: {
    load: fromPromise<ApprovalData, { load: () => Promise<ApprovalData> }>(({ input }) => input.load()),
    send: fromPromise<InstanceView, { run: () => Promise<InstanceView> }>(({ input }) => input.run()),
    queue: fromPromise<void, { run: () => Promise<void> }>(({ input }) => input.run()),
  },
  guards: {
    irreversible: ({ event }) => event.type === 'DECIDE' && event.decision.irreversible,
  },
  actions: {
    choose: assign(({ context, event }) => {
      if (event.type !== 'DECIDE') return {};
      const serialized = JSON.stringify(event.decision);
      const reuse = serialized === context.unansweredDecision && context.idempotencyKey;
      return {
        pending: event.decision,
        idempotencyKey: reuse ? context.idempotencyKey : newIdempotencyKey(),
        sendError: undefined,
        notice: undefined,
      };
    }),
  },
}).createMachine({
  id: 'approval',
  context: ({ input }) => ({
    ...input,
    data: undefined,
    error: undefined,
    pending: undefined,
    idempotencyKey: undefined,
    unansweredDecision: undefined,
    sendError: undefined,
    notice: undefined,
    lastSent: undefined,
    queued: undefined,
  }),
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'load',
        input: ({ context }) => ({ load: context.load }),
        onDone: { target: 'ready', actions: assign({ data: ({ event }) => event.output }) },
        onError: [
          { guard: ({ event }) => offline(event.error), target: 'offline' },
          { target: 'error', actions: assign({ error: ({ event }) => toApiError(event.error) }) },
        ],
      },
    },
    error: { on: { RETRY: 'loading' } },
    offline: { on: { RETRY: 'loading' } },
    ready: {
      on: {
        DECIDE: [
          { guard: 'irreversible', target: 'confirming', actions: 'choose' },
          { target: 'submitting', actions: 'choose' },
        ],
        REFRESH: 'refreshing',
      },
    },
    refreshing: {
      invoke: {
        src: 'load',
        input: ({ context }) => ({ load: context.load }),
        onDone: { target: 'ready', actions: assign({ data: ({ event }) => event.output }) },
        onError: { target: 'ready' },
      },
    },
    confirming: {
      on: {
        CONFIRM: 'submitting',
        CANCEL: { target: 'ready', actions: assign({ pending: undefined }) },
      },
    },
    submitting: {
      invoke: {
        src: 'send',
        input: ({ context }) => ({
          run: () =>
            context.send({
              decision: context.pending!,
              expectedRevision: context.data!.instance.revision,
              idempotencyKey: context.idempotencyKey!,
            }),
        }),
        onDone: {
          target: 'ready',
          actions: assign(({ context, event }) => ({
            data: { instance: event.output, definition: context.data!.definition },
            notice: 'sent' as const,
            lastSent: { type: context.pending!.type, state: event.output.state },
            pending: undefined,
            idempotencyKey: undefined,
            unansweredDecision: undefined,
          })),
        },
        onError: [
          {
            // Someone decided meanwhile: never resend over it; reload and explain.
            guard: ({ event }) => toApiError(event.error).isConflict,
            target: 'conflict',
            actions: assign({ pending: undefined, idempotencyKey: undefined, unansweredDecision: undefined }),
          },
          // No answer: kept on the device with its key and revision, sent when the connection returns.
          { guard: ({ event }) => offline(event.error), target: 'queueing' },
          {
            target: 'ready',
            actions: assign(({ event }) => ({
              sendError: toApiError(event.error),
              unansweredDecision: undefined,
              pending: undefined,
            })),
          },
        ],
      },
    },
    queueing: {
      invoke: {
        src: 'queue',
        input: ({ context }) => ({
          run: () =>
            context.queue(
              {
                decision: context.pending!,
                expectedRevision: context.data!.instance.revision,
                idempotencyKey: context.idempotencyKey!,
              },
              context.data!,
            ),
        }),
        onDone: {
          target: 'ready',
          actions: assign(({ context }) => ({
            notice: 'queued' as const,
            queued: context.pending!.type,
            pending: undefined,
            idempotencyKey: undefined,
            unansweredDecision: undefined,
          })),
        },
        // Nowhere to keep it (no signed-in person, storage refused): say so, and a resend reuses the key.
        onError: {
          target: 'ready',
          actions: assign(({ context }) => ({
            sendError: new DoanflowApiError('NETWORK_ERROR', 'no answer from the server', 0),
            unansweredDecision: JSON.stringify(context.pending),
            pending: undefined,
          })),
        },
      },
    },
    conflict: {
      invoke: {
        src: 'load',
        input: ({ context }) => ({ load: context.load }),
        onDone: {
          target: 'ready',
          actions: assign({ data: ({ event }) => event.output, notice: 'conflict' as const }),
        },
        onError: { target: 'error', actions: assign({ error: ({ event }) => toApiError(event.error) }) },
      },
    },
  },
});
