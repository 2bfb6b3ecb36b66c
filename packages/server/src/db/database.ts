import { ServerError } from '../errors.ts';

/**
 * Runs one SQL statement with `$n` parameters and returns its rows. A `name` makes it a prepared
 * statement on each connection (parsed and planned once): for the hot path's big statements.
 */
export type Query = <Row = Record<string, unknown>>(
  sql: string,
  params?: unknown[],
  name?: string,
) => Promise<Row[]>;

/**
 * The runtime's handle on PostgreSQL: plain statements and transactions on the ORM's own pool (or
 * PGlite instance), so raw SQL never waits on a lock held by another connection of ours.
 */
export interface ListenHandlers {
  message(payload: string): void;
  /** The listening connection was lost: notifications sent from now on are missed. */
  lost?(): void;
  /** Listening again after a loss (notifications sent meanwhile were missed). */
  restored?(): void;
}

export interface Database {
  readonly kind: 'postgresql' | 'pglite';
  /** The schema holding the tables (also first on the search_path). */
  readonly schema: string;
  query: Query;
  /** BEGIN … COMMIT on one connection; ROLLBACK when `work` throws. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a dedicated connection (real PostgreSQL only), re-established when the connection is
   * lost. Returns a function that stops listening.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /**
   * The same database without the per-statement deadline that keeps requests bounded when the
   * network stalls: for maintenance that may run long (vacuum, re-pathing every task row).
   */
  readonly longRunning: Database;
  /** The connection pool's use right now (real PostgreSQL; PGlite has no pool). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);
const lostConnection =
  /Connection terminated|connection is closed|Client has encountered a connection error|Query read timeout|timeout exceeded when trying to connect|timeout expired/i;

const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
};

/** The connection broke, the server went away or never answered in time. */
function isLost(error: unknown): boolean {
  const code = codeOf(error);
  return (
    connectionErrorCodes.has(code) ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    lostConnection.test((error as { message?: string })?.message ?? '')
  );
}

/**
 * PostgreSQL aborted the transaction to break a deadlock or a serialization conflict: it rolled
 * back whole, nothing of it was written, and the same command computed again on what is there now
 * goes through (two signings on one instance lock the instance and the register in either order).
 */
export const isTransactionConflict = (error: unknown): boolean =>
  codeOf(error) === '40P01' || codeOf(error) === '40001';

/** The server refuses writes: a standby, a primary fenced after a failover, or made read-only (disk full). */
export const isReadOnly = (error: unknown): boolean => codeOf(error) === '25006';

/**
 * After these a pooled connection is not given out again: it is broken, or it leads to a server
 * that no longer takes writes while the address it was opened on may now lead to the new primary.
 */
export function isConnectionFault(error: unknown): boolean {
  return isLost(error) || isReadOnly(error);
}

/**
 * A database that is away, refuses writes or runs out of room becomes UNAVAILABLE (503 with
 * Retry-After: the client retries with the same Idempotency-Key); other SQL errors pass through.
 */
export function asUnavailable(error: unknown): unknown {
  const code = codeOf(error);
  const cause = code || (error as { message?: string })?.message;
  if (isReadOnly(error)) {
    return new ServerError('UNAVAILABLE', 'the database refuses writes (read-only)', {
      cause,
      reason: 'read-only',
    });
  }
  // Class 53: insufficient resources (disk full, out of memory, too many connections).
  if (code.startsWith('53')) {
    return new ServerError('UNAVAILABLE', 'the database is out of resources', { cause, reason: 'resources' });
  }
  return isLost(error)
    ? new ServerError('UNAVAILABLE', 'the database is not reachable', { cause, reason: 'unreachable' })
    : error;
}
