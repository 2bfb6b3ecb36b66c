import { benchUrl } from './env.ts';
import { withClient } from './setup.ts';

/** Each statement's counters so far (pg_stat_statements), by query id and whether a trigger ran it. */
export type StatementCounters = Map<
  string,
  { query: string; nested: boolean; calls: number; execMs: number; walBytes: number }
>;

/** A statement's cost per operation between two readings. */
export interface StatementShare {
  query: string;
  /** Run by another statement (a trigger's): its cost is in that statement's too. */
  nested: boolean;
  calls: number;
  execMs: number;
  walBytes: number;
}

/** What PostgreSQL's statements cost per decision in one level, the costliest first. */
export interface StatementFigures {
  clients: number;
  statements: StatementShare[];
  /** Every statement the server sent in the level (nested ones are inside them), the listed ones included. */
  total: StatementShare;
}

/**
 * pg_stat_statements' counters of the bench database (but for these readings), or null where
 * PostgreSQL was started without the module (shared_preload_libraries): the run then goes without
 * the breakdown. Its time is the
 * statements' execution, waits for locks and the disk included. A trigger's statements count in the
 * statement that fired them, and on their own too where pg_stat_statements.track = all.
 */
export async function statementCounters(): Promise<StatementCounters | null> {
  return withClient(benchUrl, async (client) => {
    try {
      await client.query('create extension if not exists pg_stat_statements');
      const { rows } = await client.query<{
        id: string;
        nested: boolean;
        query: string;
        calls: number;
        exec_ms: number;
        wal_bytes: number;
      }>(
        `select queryid::text || ':' || toplevel as id, not toplevel as nested, min(query) as query,
           sum(calls)::float8 as calls,
           sum(total_exec_time)::float8 as exec_ms, sum(wal_bytes)::float8 as wal_bytes
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
           and query not like '%pg_stat_statements%'
         group by queryid, toplevel`,
      );
      return new Map(
        rows.map((row) => [
          row.id,
          {
            query: row.query,
            nested: row.nested,
            calls: row.calls,
            execMs: row.exec_ms,
            walBytes: row.wal_bytes,
          },
        ]),
      );
    } catch {
      return null;
    }
  });
}

/** The statements' cost per operation between two readings: the `top` costliest by time, and all. */
export function statementsPer(
  before: StatementCounters,
  after: StatementCounters,
  operations: number,
  top = 12,
): { statements: StatementShare[]; total: StatementShare } {
  const per = (value: number) => value / Math.max(operations, 1);
  const shares: StatementShare[] = [];
  for (const [id, now] of after) {
    const then = before.get(id) ?? { calls: 0, execMs: 0, walBytes: 0 };
    if (now.calls <= then.calls) continue;
    shares.push({
      query: now.query.replace(/\s+/g, ' ').trim(),
      nested: now.nested,
      calls: per(now.calls - then.calls),
      execMs: per(now.execMs - then.execMs),
      walBytes: per(now.walBytes - then.walBytes),
    });
  }
  shares.sort((a, b) => b.execMs - a.execMs);
  const sent = shares.filter((each) => !each.nested);
  const sum = (key: 'calls' | 'execMs' | 'walBytes') => sent.reduce((total, each) => total + each[key], 0);
  return {
    statements: shares.slice(0, top),
    total: {
      query: 'all statements sent',
      nested: false,
      calls: sum('calls'),
      execMs: sum('execMs'),
      walBytes: sum('walBytes'),
    },
  };
}
