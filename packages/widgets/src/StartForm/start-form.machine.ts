import { assign, fromPromise, setup } from 'xstate';
import { toApiError, type DoanflowApiError } from '@doanflow/client';
import { newIdempotencyKey } from '@doanflow/client';
import type { DefinitionView, InstanceView } from '@doanflow/client';
import { browserIsOffline } from '../shared/use-online.ts';

interface StartFormContext {
  loadDefinition: () => Promise<DefinitionView>;
  start: (input: unknown, idempotencyKey: string) => Promise<InstanceView>;
  definition: DefinitionView | undefined;
  error: DoanflowApiError | undefined;
  submitError: DoanflowApiError | undefined;
  started: InstanceView | undefined;
  /** The same input sent again (after a lost answer) reuses its key, so no duplicate is created. */
  lastInput: string | undefined;
  idempotencyKey: string | undefined;
}

type StartFormEvent = { type: 'RETRY' } | { type: 'SUBMIT'; input: unknown } | { type: 'RESET' };

const offline = (error: unknown) => toApiError(error).isNetworkError || browserIsOffline();

/** Load the workflow's input schema, then submit → started, with errors kept next to the form. */
export const startFormMachine = setup({
  types: {
    context: {} as StartFormContext,
    input: {} as Pick<StartFormContext, 'loadDefinition' | 'start'>,
    events: {} as StartFormEvent,
  },
  actors: {
    loadDefinition: fromPromise<DefinitionView, { load: () => Promise<DefinitionView> }>(({ input }) =>
      input.load(),
    ),
    start: fromPromise<InstanceView, { run: () => Promise<InstanceView> }>(({ input }) => input.run()),
  },
}).createMachine({
  id: 'startForm',
  context: ({ input }) => ({
    ...input,
    definition: undefined,
    error: undefined,
    submitError: undefined,
    started: undefined,
    lastInput: undefined,
    idempotencyKey: undefined,
  }),
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'loadDefinition',
        input: ({ context }) => ({ load: context.loadDefinition }),
        onDone: { target: 'ready', actions: assign({ definition: ({ event }) => event.output }) },
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
        SUBMIT: {
          target: 'submitting',
          actions: assign(({ context, event }) => {
            const serialized = JSON.stringify(event.input);
            const sameAsBefore = serialized === context.lastInput && context.idempotencyKey;
            return {
              lastInput: serialized,
              idempotencyKey: sameAsBefore ? context.idempotencyKey : newIdempotencyKey(),
              submitError: undefined,
            };
          }),
        },
      },
    },
    submitting: {
      invoke: {
        src: 'start',
        input: ({ context }) => ({
          run: () =>
            context.start(
              JSON.parse(context.lastInput ?? 'null'),
              context.idempotencyKey ?? newIdempotencyKey(),
            ),
        }),
        onDone: {
          target: 'started',
          actions: assign({
            started: ({ event }) => event.output,
            lastInput: undefined,
            idempotencyKey: undefined,
          }),
        },
        onError: {
          target: 'ready',
          actions: assign({ submitError: ({ event }) => toApiError(event.error) }),
        },
      },
    },
    started: { on: { RESET: { target: 'ready', actions: assign({ started: undefined }) } } },
  },
});
