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
export interface Database {
  readonly kind: 'postgresql' | 'pglite';
  /** The schema holding the tables (also first on the search_path). */
  readonly schema: string;
  query: Query;
  /** BEGIN … COMMIT on one connection; ROLLBACK when `work` throws. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a dedicated connection (real PostgreSQL only), re-established when the connection is
   * lost; `onRestored` runs after each re-establishment (notifications sent meanwhile were missed).
   * Returns a function that stops listening.
   */
  listen?(
    channel: string,
    onMessage: (payload: string) => void,
    onRestored?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);

/** A lost or refused connection becomes UNAVAILABLE (503); SQL errors pass through unchanged. */
export function asUnavailable(error: unknown): unknown {
  const e = error as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const lost =
    connectionErrorCodes.has(code) ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P03' ||
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(
      e?.message ?? '',
    );
  return lost
    ? new ServerError('UNAVAILABLE', 'the database is not reachable', { cause: code || e?.message })
    : error;
}
