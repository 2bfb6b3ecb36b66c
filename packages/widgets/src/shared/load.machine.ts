import { assign, fromPromise, setup } from 'xstate';
import { toApiError, type DoanflowApiError } from '@doanflow/client';
import { browserIsOffline } from './use-online.ts';

export interface LoadContext<T> {
  load: () => Promise<T>;
  data: T | undefined;
  error: DoanflowApiError | undefined;
}

export type LoadEvent = { type: 'RETRY' } | { type: 'REFRESH' };

const isOffline = (error: DoanflowApiError) => error.isNetworkError || browserIsOffline();

/**
 * Loading one resource (or a few at once): loading → ready, or error / offline with a retry.
 * REFRESH reloads silently while the data stays on screen (live updates).
 */
export function createLoadMachine<T>() {
  return setup({
    types: {
      context: {} as LoadContext<T>,
      input: {} as { load: () => Promise<T> },
      events: {} as LoadEvent,
    },
    actors: {
      load: fromPromise<T, { load: () => Promise<T> }>(({ input }) => input.load()),
    },
  }).createMachine({
    id: 'load',
    context: ({ input }) => ({ load: input.load, data: undefined, error: undefined }),
    initial: 'loading',
    states: {
      loading: {
        invoke: {
          src: 'load',
          input: ({ context }) => ({ load: context.load }),
          onDone: {
            target: 'ready',
            actions: assign({ data: ({ event }) => event.output, error: undefined }),
          },
          onError: [
            { guard: ({ event }) => isOffline(toApiError(event.error)), target: 'offline' },
            { target: 'error', actions: assign({ error: ({ event }) => toApiError(event.error) }) },
          ],
        },
      },
      ready: { on: { REFRESH: 'refreshing' } },
      refreshing: {
        invoke: {
          src: 'load',
          input: ({ context }) => ({ load: context.load }),
          onDone: { target: 'ready', actions: assign({ data: ({ event }) => event.output }) },
          // A failed background refresh keeps what is on screen; the next change tries again.
          onError: { target: 'ready' },
        },
      },
      error: { on: { RETRY: 'loading' } },
      offline: { on: { RETRY: 'loading' } },
    },
  });
}
