import { assign, fromPromise, setup } from 'xstate';
import { toApiError, type DoanflowApiError } from '@doanflow/client';
import type { BulkItem, BulkResult, DefinitionView, InboxPage, InboxQuery, TaskView } from '@doanflow/client';
import { browserIsOffline } from '../shared/use-online.ts';

export interface InboxServices {
  loadDefinitions: () => Promise<DefinitionView[]>;
  loadPage: (query: InboxQuery) => Promise<InboxPage>;
  sendBulk: (items: BulkItem[]) => Promise<BulkResult[]>;
}

interface InboxContext extends InboxServices {
  query: InboxQuery;
  definitions: DefinitionView[];
  items: TaskView[];
  counts: InboxPage['counts'] | undefined;
  nextCursor: string | null;
  error: DoanflowApiError | undefined;
  bulkError: DoanflowApiError | undefined;
  bulkResults: BulkResult[] | undefined;
  /** A change arrived while a refresh was running: refresh once more after it. */
  stale: boolean;
  /** How many live refreshes completed (the list announces them). */
  liveUpdates: number;
}

type InboxEvent =
  | { type: 'SET_QUERY'; query: InboxQuery }
  | { type: 'LOAD_MORE' }
  | { type: 'REFRESH' }
  | { type: 'RETRY' }
  | { type: 'BULK'; items: BulkItem[] }
  | { type: 'DISMISS_RESULTS' };

const offline = (error: unknown) => toApiError(error).isNetworkError || browserIsOffline();

/** The inbox's UI states; the server filters, searches (ignoring diacritics), counts and pages. */
export const inboxMachine = setup({
  types: {
    context: {} as InboxContext,
    input: {} as InboxServices & { query: InboxQuery },
    events: {} as InboxEvent,
  },
  actors: {
    firstLoad: fromPromise<
      { definitions: DefinitionView[]; page: InboxPage },
      { run: () => Promise<{ definitions: DefinitionView[]; page: InboxPage }> }
    >(({ input }) => input.run()),
    page: fromPromise<InboxPage, { run: () => Promise<InboxPage> }>(({ input }) => input.run()),
    bulk: fromPromise<BulkResult[], { run: () => Promise<BulkResult[]> }>(({ input }) => input.run()),
  },
  actions: {
    // Every page a live refresh brings counts, the one followed by another refresh too: the list
    // says what arrived in each.
    countLiveUpdate: assign({ liveUpdates: ({ context }) => context.liveUpdates + 1 }),
    replacePage: assign(({ event }) => {
      const page = (event as unknown as { output: InboxPage }).output;
      return { items: page.items, counts: page.counts, nextCursor: page.nextCursor, error: undefined };
    }),
  },
}).createMachine({
  id: 'inbox',
  context: ({ input }) => ({
    ...input,
    definitions: [],
    items: [],
    counts: undefined,
    nextCursor: null,
    error: undefined,
    bulkError: undefined,
    bulkResults: undefined,
    stale: false,
    liveUpdates: 0,
  }),
  initial: 'starting',
  on: { SET_QUERY: { target: '.loading', actions: assign({ query: ({ event }) => event.query }) } },
  states: {
    starting: {
      invoke: {
        src: 'firstLoad',
        input: ({ context }) => ({
          run: async () => {
            const [definitions, page] = await Promise.all([
              context.loadDefinitions(),
              context.loadPage(context.query),
            ]);
            return { definitions, page };
          },
        }),
        onDone: {
          target: 'ready',
          actions: assign(({ event }) => ({
            definitions: event.output.definitions,
            items: event.output.page.items,
            counts: event.output.page.counts,
            nextCursor: event.output.page.nextCursor,
          })),
        },
        onError: [
          { guard: ({ event }) => offline(event.error), target: 'offline' },
          { target: 'error', actions: assign({ error: ({ event }) => toApiError(event.error) }) },
        ],
      },
    },
    loading: {
      invoke: {
        src: 'page',
        input: ({ context }) => ({ run: () => context.loadPage(context.query) }),
        onDone: { target: 'ready', actions: 'replacePage' },
        onError: [
          { guard: ({ event }) => offline(event.error), target: 'offline' },
          { target: 'error', actions: assign({ error: ({ event }) => toApiError(event.error) }) },
        ],
      },
    },
    ready: {
      on: {
        LOAD_MORE: { guard: ({ context }) => context.nextCursor !== null, target: 'loadingMore' },
        REFRESH: 'refreshing',
        BULK: { target: 'submitting', actions: assign({ bulkResults: undefined, bulkError: undefined }) },
        DISMISS_RESULTS: { actions: assign({ bulkResults: undefined }) },
      },
    },
    loadingMore: {
      invoke: {
        src: 'page',
        input: ({ context }) => ({
          run: () => context.loadPage({ ...context.query, cursor: context.nextCursor ?? undefined }),
        }),
        onDone: {
          target: 'ready',
          actions: assign(({ context, event }) => ({
            items: [
              ...context.items,
              ...event.output.items.filter(
                (item) => !context.items.some((old) => old.instanceId === item.instanceId),
              ),
            ],
            nextCursor: event.output.nextCursor,
            counts: event.output.counts,
          })),
        },
        onError: { target: 'ready', actions: assign({ error: ({ event }) => toApiError(event.error) }) },
      },
    },
    refreshing: {
      entry: assign({ stale: false }),
      on: { REFRESH: { actions: assign({ stale: true }) } },
      invoke: {
        src: 'page',
        input: ({ context }) => ({ run: () => context.loadPage(context.query) }),
        onDone: [
          {
            guard: ({ context }) => context.stale,
            target: 'refreshing',
            reenter: true,
            actions: ['replacePage', 'countLiveUpdate'],
          },
          { target: 'ready', actions: ['replacePage', 'countLiveUpdate'] },
        ],
        // A failed background refresh keeps the list; the next change or action tries again.
        onError: { target: 'ready' },
      },
    },
    submitting: {
      invoke: {
        src: 'bulk',
        input: ({ context, event }) => ({
          run: () => context.sendBulk(event.type === 'BULK' ? event.items : []),
        }),
        onDone: { target: 'refreshing', actions: assign({ bulkResults: ({ event }) => event.output }) },
        onError: { target: 'ready', actions: assign({ bulkError: ({ event }) => toApiError(event.error) }) },
      },
    },
    error: { on: { RETRY: 'starting' } },
    offline: { on: { RETRY: 'starting' } },
  },
});
