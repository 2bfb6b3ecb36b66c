import { Client, escapeIdentifier, type Pool, type PoolClient, type QueryResult } from 'pg';
import { canonicalPgTypes } from './canonical-json.ts';
import { asUnavailable, isConnectionFault, isReadOnly, type Database, type Query } from './database.ts';

/** Backoff for re-establishing a lost LISTEN connection. */
const RELISTEN_FIRST_MS = 250;
const RELISTEN_MAX_MS = 5_000;

export interface PostgresDatabaseOptions {
  schema: string;
  connectionString: string;
  /**
   * How long one statement may go unanswered before it fails (503) and its connection is dropped:
   * a stalled network holds no request longer than this (0: no deadline).
   */
  statementTimeoutMs: number;
  close: () => Promise<void>;
}

/**
 * Connections opened before a server refused writes. After a failover the fenced primary still
 * answers reads: a pooled connection to it would serve a stale instance (a decision refused for a
 * state long gone) without ever failing. The first read-only answer retires every connection the
 * pool holds; new ones go to whatever the address now leads to.
 */
const generations = new WeakMap<Pool, { current: number; of: WeakMap<PoolClient, number> }>();

function generationOf(pool: Pool) {
  let generation = generations.get(pool);
  if (!generation) generations.set(pool, (generation = { current: 0, of: new WeakMap() }));
  return generation;
}

function isStale(pool: Pool, client: PoolClient): boolean {
  const generation = generationOf(pool);
  const born = generation.of.get(client);
  if (born === undefined) generation.of.set(client, generation.current);
  return born !== undefined && born < generation.current;
}

/** A connection that failed as a connection goes; one that timed out is cut at once (it may be stalled). */
function giveBack(
  pool: Pool,
  client: PoolClient,
  error?: unknown,
  broken = error !== undefined && isConnectionFault(error),
) {
  if (error !== undefined && isReadOnly(error)) generationOf(pool).current += 1;
  if (!broken) return client.release();
  if (/timeout/i.test((error as Error)?.message ?? '')) {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
  client.release(true);
}

/** A Database on a `pg` pool (the one MikroORM created, shared with the ORM). */
export function postgresDatabase(pool: Pool, options: PostgresDatabaseOptions): Database {
  const patient: Database = {
    ...on(pool, options, 0),
    get longRunning() {
      return patient;
    },
  };
  if (options.statementTimeoutMs <= 0) return patient;
  return { ...on(pool, options, options.statementTimeoutMs), longRunning: patient };
}

function on(pool: Pool, options: PostgresDatabaseOptions, timeoutMs: number): Omit<Database, 'longRunning'> {
  /**
   * A connection's statements, one after another. A statement asked for while another runs is sent
   * from that one's callback, as soon as its answer is read, not a trip through the event loop later
   * (a busy loop's trip costs milliseconds); pg's own queue for that is deprecated. On a pipelining
   * connection (DATABASE_PIPELINE) each is sent at once: pg keeps their answers in order itself.
   */
  const run = (client: PoolClient): Query => {
    const pipelined = client.pipeline;
    const waiting: (() => void)[] = [];
    let running = false;
    // Pipelined, the statements asked for in one turn of the event loop (a transaction's BEGIN and
    // its first statements) leave in one write: each write to a socket is a system call and a reader
    // woken, and socket writes are the largest share of the server's CPU per decision (bench/RESULTS.md).
    const socket = pipelined ? client.connection.stream : null;
    let corked = false;
    const gather = () => {
      if (!socket || corked) return;
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    };
    const next = () => {
      const start = waiting.shift();
      if (start) start();
      else running = false;
    };
    return async <Row>(sql: string, params: unknown[] = [], name?: string) => {
      const config = { text: sql, values: params, name, types: canonicalPgTypes };
      // pg's callback form with the callback given up front, the deadline kept here: pg's promise form
      // and its `query_timeout` both set the query's callback after creating it, and with that every
      // statement's query, SQL text and parsed rows lived through two scavenges into the old space,
      // ~9 KB a GET /inbox that only the next full collection freed (bench/RESULTS.md, issue 15).
      // On the deadline the error is pg's own ("Query read timeout"): giveBack then cuts the connection.
      const result = await new Promise<QueryResult>((resolve, reject) => {
        const start = () => {
          const deadline =
            timeoutMs > 0 ? setTimeout(() => reject(new Error('Query read timeout')), timeoutMs) : undefined;
          try {
            gather();
            client.query(config, (error: Error | undefined, answer: QueryResult) => {
              clearTimeout(deadline);
              if (error) reject(error);
              else resolve(answer);
              next();
            });
          } catch (error) {
            // Started from the callback of the statement before, a throw would land in pg's socket read.
            clearTimeout(deadline);
            reject(error);
            next();
          }
        };
        if (running && !pipelined) waiting.push(start);
        else {
          running = true;
          start();
        }
      }).catch((error: unknown) => {
        // A stack leading back here rather than to the socket's read, as pg's promise form gives.
        if (error instanceof Error) Error.captureStackTrace(error);
        throw error;
      });
      return result.rows as Row[];
    };
  };
  const checkOut = async () => {
    try {
      for (;;) {
        const client = await pool.connect();
        if (!isStale(pool, client)) return client;
        client.release(true);
      }
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  return {
    kind: 'postgresql',
    schema: options.schema,
    async query<Row>(sql: string, params?: unknown[], name?: string) {
      const client = await checkOut();
      try {
        const rows = await run(client)<Row>(sql, params, name);
        giveBack(pool, client);
        return rows;
      } catch (error) {
        giveBack(pool, client, error);
        throw asUnavailable(error);
      }
    },
    async transaction(work) {
      const client = await checkOut();
      const query = run(client);
      // BEGIN is not awaited: the work's first statement goes out as soon as BEGIN's answer is read
      // (run() above), one trip through the event loop fewer per transaction. If it failed, so does
      // that statement.
      const begun = query('begin');
      begun.catch(() => {});
      try {
        const result = await work(query);
        await begun;
        await query('commit');
        giveBack(pool, client);
        return result;
      } catch (error) {
        // A broken or stalled connection is not asked to roll back (that would wait on it too):
        // dropping it ends the transaction on the server.
        const broken =
          isConnectionFault(error) ||
          (await query('rollback').then(
            () => false,
            () => true,
          ));
        giveBack(pool, client, error, broken);
        throw asUnavailable(error);
      }
    },
    async listen(channel, handlers) {
      let client: Client | null = null;
      let stopped = false;
      let retry: NodeJS.Timeout | null = null;
      const open = async (): Promise<Client> => {
        const next = new Client({ connectionString: options.connectionString, keepAlive: true });
        next.on('error', () => {});
        next.on('notification', (message) => {
          if (message.channel === channel && message.payload) handlers.message(message.payload);
        });
        try {
          await next.connect();
          await next.query(`listen ${escapeIdentifier(channel)}`);
        } catch (error) {
          await next.end().catch(() => {});
          throw error;
        }
        // A LISTEN dies with its connection (PostgreSQL restarted, network cut) and nothing else
        // would notice: other processes' changes would stop arriving for good. Listen again.
        next.once('end', () => {
          if (stopped) return;
          handlers.lost?.();
          reconnect(RELISTEN_FIRST_MS);
        });
        return next;
      };
      const reconnect = (delayMs: number) => {
        retry = setTimeout(() => {
          open().then(
            (next) => {
              if (stopped) return void next.end().catch(() => {});
              client = next;
              // Notifications sent while we were away are lost: let the caller catch up.
              handlers.restored?.();
            },
            () => {
              if (!stopped) reconnect(Math.min(delayMs * 2, RELISTEN_MAX_MS));
            },
          );
        }, delayMs);
        retry.unref();
      };
      client = await open();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        await client?.end().catch(() => {});
      };
    },
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    }),
    close: options.close,
  };
}
