import type { DecisionCommand, Label } from './types.ts';

/** A decision taken without a connection, kept on the device until the server has it. */
export interface QueuedDecision {
  /** Its Idempotency-Key: the same when it is finally sent, so a double send records it once. */
  key: string;
  /** Whose and for which server: `<absolute base URL> <person id>`. */
  owner: string;
  instanceId: string;
  command: DecisionCommand;
  /** The revision the officer decided on: a case that moved meanwhile answers 409, never overwritten. */
  expectedRevision: number;
  queuedAt: string;
  /** Words to show it with while there is no server to ask. */
  words: { decision: Label; title: Label; subject: string | null };
  status: 'waiting' | 'conflict' | 'refused';
  /** Why it was not recorded: the server's code and message, and where the case stands now. */
  problem?: { code: string; message: string; state: Label | null };
}

/** Where queued decisions live: IndexedDB in a browser, memory where there is none (tests, SSR). */
export interface DecisionStore {
  all(owner: string): Promise<QueuedDecision[]>;
  put(decision: QueuedDecision): Promise<void>;
  delete(key: string): Promise<void>;
}

const DB = 'doanflow';
const STORE = 'decisions';

function request<T>(run: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const pending = run(transaction.objectStore(STORE));
        transaction.addEventListener('complete', () => resolve(pending.result));
        transaction.addEventListener('error', () => reject(transaction.error));
        transaction.addEventListener('abort', () => reject(transaction.error));
      }),
  );
}

let opened: Promise<IDBDatabase> | null = null;
function open(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open(DB, 1);
    opening.addEventListener('upgradeneeded', () => {
      const store = opening.result.createObjectStore(STORE, { keyPath: 'key' });
      store.createIndex('owner', 'owner');
    });
    opening.addEventListener('success', () => resolve(opening.result));
    opening.addEventListener('error', () => reject(opening.error));
  });
  opened.catch(() => (opened = null));
  return opened;
}

export const indexedDbStore: DecisionStore = {
  all: async (owner) =>
    (await request((store) => store.index('owner').getAll(owner), 'readonly')).sort((a, b) =>
      a.queuedAt.localeCompare(b.queuedAt),
    ),
  put: async (decision) => {
    await request((store) => store.put(decision), 'readwrite');
  },
  delete: async (key) => {
    await request((store) => store.delete(key), 'readwrite');
  },
};

export function memoryStore(): DecisionStore {
  const kept = new Map<string, QueuedDecision>();
  return {
    all: async (owner) =>
      [...kept.values()]
        .filter((each) => each.owner === owner)
        .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)),
    put: async (decision) => void kept.set(decision.key, structuredClone(decision)),
    delete: async (key) => void kept.delete(key),
  };
}

/** The device's store: IndexedDB when the browser has it. */
export const defaultStore = (): DecisionStore =>
  typeof indexedDB === 'undefined' ? sharedMemory : indexedDbStore;
const sharedMemory = memoryStore();
