import type { PGlite } from '@electric-sql/pglite';
import { Pool, type Notification, type PoolClient } from 'pg';

export interface PglitePool {
  /** Connections to the embedded database through pglite-socket, for BullMQ. */
  pool: Pool;
  stop(): Promise<void>;
}

// Messages of an extended-protocol exchange that is not over until its Sync: another socket's
// Parse in between would replace this one's unnamed statement (the session is shared).
const EXCHANGE_CONTINUES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((letter) => letter.charCodeAt(0)));
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/**
 * The PGlite that pglite-socket's server is given. Every socket connection and the server's own
 * in-process queries share one PGlite session, and pglite-socket takes only PGlite's query lock:
 * a socket statement could land inside one of our transactions (and be rolled back with it), or
 * ours inside a socket's. Here a socket statement also takes PGlite's transaction lock and keeps it
 * while its session is inside a transaction or halfway through an extended-protocol exchange; that
 * state also counts as "in transaction", so pglite-socket feeds the same socket until it is over.
 */
function sharedSession(pglite: PGlite): PGlite {
  let releaseLock: (() => void) | null = null;
  let midExchange = false;
  const takeLock = () =>
    new Promise<() => void>((taken) => {
      // oxlint-disable-next-line no-underscore-dangle -- PGlite's transaction lock has no public name
      void pglite._runExclusiveTransaction(() => new Promise<void>((release) => taken(release)));
    });
  const letGo = () => {
    releaseLock?.();
    releaseLock = null;
  };
  const session = {
    waitReady: pglite.waitReady,
    // Only a socket's own transaction or exchange: ours are waited for by the lock, not by the queue.
    isInTransaction: () => releaseLock !== null,
    async runExclusive<T>(work: () => Promise<T>): Promise<T> {
      releaseLock ??= await takeLock();
      try {
        return await pglite.runExclusive(work);
      } finally {
        if (!midExchange && !pglite.isInTransaction()) letGo();
      }
    },
    execProtocolRawStream(message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) {
      midExchange = EXCHANGE_CONTINUES.has(message[0]!);
      return pglite.execProtocolRawStream(message, options);
    },
    // pglite-socket's only other call: ROLLBACK for a socket that left inside a transaction.
    async exec(sql: string) {
      if (!releaseLock) return pglite.exec(sql);
      const ignore = { onRawData: () => {} };
      await pglite.runExclusive(async () => {
        await pglite.execProtocolRawStream(SYNC, ignore);
        await pglite.execProtocolRawStream(simpleQuery(sql), ignore);
      });
      midExchange = false;
      letGo();
      return [];
    },
  };
  return session as unknown as PGlite;
}

/**
 * All socket connections share one session, so PostgreSQL hands a NOTIFY to the connection whose
 * statement sent it, never to the one that listens: each notification is passed on to the pool's
 * other connections (BullMQ's queue and worker share this pool, so its LISTEN client gets them).
 */
function shareNotifications(pool: Pool): void {
  const clients = new Set<PoolClient>();
  const passedOn = new WeakSet<Notification>();
  pool.on('connect', (client) => {
    clients.add(client);
    client.on('notification', (message) => {
      if (passedOn.has(message)) return;
      passedOn.add(message);
      for (const other of clients) if (other !== client) other.emit('notification', message);
    });
  });
  pool.on('remove', (client) => clients.delete(client));
}

/** Serves the embedded database on a free loopback port and opens a pool of `max` connections on it. */
export async function openPglitePool(pglite: PGlite, max = 4): Promise<PglitePool> {
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  // Every connection comes from the pool (BullMQ takes its LISTEN client from it); two spare for
  // a reconnect racing the server's notice of the old socket's end.
  const server = new PGLiteSocketServer({ db: sharedSession(pglite), port: 0, maxConnections: max + 2 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  const pool = new Pool({ host, port: Number(port), user: 'postgres', database: 'postgres', max });
  pool.on('error', () => {});
  shareNotifications(pool);
  return {
    pool,
    async stop() {
      await pool.end().catch(() => {});
      await server.stop();
    },
  };
}
