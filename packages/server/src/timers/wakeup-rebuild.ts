import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { TimerQueue } from './queue.ts';
import type { CompletenessMarker } from './local-wakeup-marker.ts';

export interface RebuildOptions {
  pageSize: number;
  now: () => Date;
  /** Take the lease from a rebuild in progress (an explicit reconcile). */
  steal?: boolean;
  /** Checked between pages: true stops the rebuild (shutdown). */
  stopped?: () => boolean;
}

export type RebuildResult = { status: 'complete' | 'superseded' | 'busy' | 'stopped'; enqueued: number };

/** A rebuild that stops renewing (a crashed process) gives way after this long. */
const LEASE_MS = 60_000;

interface PendingPage {
  id: string;
  due: string;
  /** The exact stored value, for the keyset (millisecond `due` would lose microseconds). */
  cursor: string;
}

// Soonest first over the pending-due index: after a loss, the timers about to fall due get their
// wake-ups back in the first seconds. Keyset on (due, id): each page is one short index range.
const pageSql = (after: boolean) => `
  select t.id, to_char(t.due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due, t.due::text as cursor
  from timers t
  where t.status = 'pending'${after ? ' and t.due >= $2::timestamptz and (t.due > $2::timestamptz or t.id > $3)' : ''}
  order by t.due, t.id
  limit $1`;

/**
 * Re-adds the wake-ups Redis lacks for every pending timer row, one page at a time (memory stays
 * flat in the number of timers): a pipelined EXISTS per page finds the missing ones, addBulk adds
 * them (and ignores any added meanwhile). The next page is read while the current one is added.
 * Ends by marking the Redis side complete, unless a loss was noticed meanwhile.
 */
export async function rebuildWakeups(
  db: Database,
  queue: TimerQueue,
  marker: CompletenessMarker,
  options: RebuildOptions,
): Promise<RebuildResult> {
  const token = randomUUID();
  if (!(await marker.claim(token, LEASE_MS, options.steal))) return { status: 'busy', enqueued: 0 };
  const read = (last: PendingPage | undefined) =>
    db.query<PendingPage>(
      pageSql(last !== undefined),
      last ? [options.pageSize, last.cursor, last.id] : [options.pageSize],
    );
  let enqueued = 0;
  let page = await read(undefined);
  for (;;) {
    if (options.stopped?.()) return { status: 'stopped', enqueued };
    const next = page.length === options.pageSize ? read(page.at(-1)) : Promise.resolve([]);
    // Settle the read even if adding fails, so no rejection is left unhandled.
    next.catch(() => {});
    const missing = await queue.missing(page);
    await queue.schedule(missing, options.now());
    enqueued += missing.length;
    if (!(await marker.renew(token, LEASE_MS))) return { status: 'superseded', enqueued };
    page = await next;
    if (page.length === 0) break;
  }
  const complete = await marker.complete(token);
  return { status: complete ? 'complete' : 'superseded', enqueued };
}
