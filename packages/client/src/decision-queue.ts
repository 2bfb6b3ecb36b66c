import { toApiError } from './errors.ts';
import { defaultStore, type DecisionStore, type QueuedDecision } from './decision-store.ts';
import type { DecisionCommand, InstanceView } from './types.ts';

export type { QueuedDecision } from './decision-store.ts';

export type QueueEvent =
  | { type: 'changed' }
  /** A kept decision reached the server and was recorded. */
  | { type: 'sent'; decision: QueuedDecision; instance: InstanceView };

export interface DecisionQueue {
  /** Keeps a decision the server could not be reached for, to send when the connection returns. */
  add(
    decision: Pick<QueuedDecision, 'key' | 'instanceId' | 'command' | 'expectedRevision' | 'words'>,
  ): Promise<void>;
  /** This person's kept decisions on this server, oldest first. */
  list(): Promise<QueuedDecision[]>;
  /**
   * Sends what waits, oldest first, each with its own Idempotency-Key and expected revision. One
   * that gets no answer stops the round (still offline); a 409 or a refusal is kept with the reason,
   * for the officer to read — never dropped silently.
   */
  flush(): Promise<void>;
  /** Forgets one: the officer cancelled it, or has read why it was not recorded. */
  remove(key: string): Promise<void>;
  /** Told after every change, in this tab or another. */
  subscribe(listener: (event: QueueEvent) => void): () => void;
}

interface QueueDeps {
  /** `<absolute base URL> <person>` from the current token; undefined without one. */
  owner: () => Promise<string | undefined>;
  send: (
    instanceId: string,
    command: DecisionCommand,
    key: string,
    expectedRevision: number,
  ) => Promise<InstanceView>;
  getInstance: (instanceId: string) => Promise<InstanceView>;
  store?: DecisionStore;
  now?: () => Date;
}

const CHANNEL = 'doanflow-decisions';

/** What the queue needs of a client (a DoanflowClient has it all). */
interface QueueClient {
  identity: () => Promise<string | undefined>;
  sendEvent: (
    instanceId: string,
    command: DecisionCommand,
    send: { expectedRevision: number; idempotencyKey: string },
  ) => Promise<InstanceView>;
  getInstance: (instanceId: string) => Promise<InstanceView>;
  decisionStore?: DecisionStore | undefined;
}

const queues = new WeakMap<QueueClient, DecisionQueue>();

/**
 * The client's queue of decisions taken offline, made when a widget first needs it: one per client,
 * shared by the widgets of a page. Kept out of the client itself so that widgets that never decide
 * (timeline, diagram) do not carry it.
 */
export function decisionQueueOf(client: QueueClient): DecisionQueue {
  let queue = queues.get(client);
  if (!queue) {
    queue = createDecisionQueue({
      owner: client.identity,
      send: (instanceId, command, idempotencyKey, expectedRevision) =>
        client.sendEvent(instanceId, command, { idempotencyKey, expectedRevision }),
      getInstance: client.getInstance,
      ...(client.decisionStore ? { store: client.decisionStore } : {}),
    });
    queues.set(client, queue);
  }
  return queue;
}

export function createDecisionQueue(deps: QueueDeps): DecisionQueue {
  const store = deps.store ?? defaultStore();
  const listeners = new Set<(event: QueueEvent) => void>();
  const tell = (event: QueueEvent) => listeners.forEach((listener) => listener(event));
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  channel?.addEventListener('message', () => tell({ type: 'changed' }));
  const changed = () => {
    tell({ type: 'changed' });
    // A BroadcastChannel reaches this origin's tabs only: it takes no target origin.
    // oxlint-disable-next-line unicorn/require-post-message-target-origin
    channel?.postMessage('changed');
  };

  // One round at a time per owner, across this page's widgets and the browser's tabs.
  let local: Promise<void> = Promise.resolve();
  const exclusive = (owner: string, work: () => Promise<void>): Promise<void> => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (locks) return locks.request(`${CHANNEL} ${owner}`, work);
    local = local.then(work, work);
    return local;
  };

  const sendOne = async (decision: QueuedDecision): Promise<'sent' | 'kept' | 'offline'> => {
    try {
      const instance = await deps.send(
        decision.instanceId,
        decision.command,
        decision.key,
        decision.expectedRevision,
      );
      await store.delete(decision.key);
      tell({ type: 'sent', decision, instance });
      return 'sent';
    } catch (thrown) {
      const error = toApiError(thrown);
      // No answer, or no valid token yet: try again later, as it is.
      if (error.isNetworkError || error.status === 401 || error.status === 429 || error.status >= 500)
        return 'offline';
      const now = await deps.getInstance(decision.instanceId).catch(() => null);
      await store.put({
        ...decision,
        status: error.isConflict ? 'conflict' : 'refused',
        problem: { code: error.code, message: error.message, state: now?.stateLabel ?? null },
      });
      return 'kept';
    }
  };

  return {
    add: async (decision) => {
      const owner = await deps.owner();
      if (!owner) throw new Error('no signed-in officer to keep the decision for');
      await store.put({
        ...decision,
        owner,
        queuedAt: (deps.now?.() ?? new Date()).toISOString(),
        status: 'waiting',
      });
      changed();
    },
    list: async () => {
      const owner = await deps.owner().catch(() => undefined);
      return owner ? store.all(owner) : [];
    },
    flush: async () => {
      const owner = await deps.owner().catch(() => undefined);
      if (!owner) return;
      await exclusive(owner, async () => {
        for (const decision of await store.all(owner)) {
          if (decision.status !== 'waiting') continue;
          const outcome = await sendOne(decision);
          if (outcome === 'offline') break;
          changed();
        }
      });
    },
    remove: async (key) => {
      await store.delete(key);
      changed();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
