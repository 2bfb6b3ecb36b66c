import { unionWorkflows, WorkflowRegistry, type WorkingCalendar } from '../../packages/engine/src/index.ts';
import { DeadlineScan } from '../../packages/server/src/notifications/deadline-scan.ts';
import { deadlineCandidates } from '../../packages/server/src/notifications/deriver.ts';
import type { DirectoryCache } from '../../packages/server/src/runner/directory-cache.ts';
import { log } from './stats.ts';

export interface DeadlineScanFigures {
  /** The whole window: what every minute's scan read before (notifications/deadline-scan.ts). */
  full: { rows: number; sqlMs: number; candidates: number; candidatesMs: number };
  /** A minute later: what each minute's scan reads now. */
  narrow: { rows: number; sqlMs: number };
}

/** Weekends only, in Vietnam's time (the bench has no holiday notices). */
const calendar: WorkingCalendar = { weekend: [0, 6], utcOffsetMinutes: 420 };

/**
 * The notifier's deadline scan at the bulk load's size, in the bench process: the whole window
 * read and turned into candidates (each minute before), then the narrow read a minute later.
 */
export async function measureDeadlineScan(
  query: (sql: string, params?: unknown[]) => Promise<any[]>,
  cache: DirectoryCache,
): Promise<DeadlineScanFigures> {
  const scan = new DeadlineScan();
  const now = new Date();
  const timed = async (at: Date) => {
    const started = performance.now();
    const { rows } = await scan.read(query as never, calendar, at);
    return { rows, sqlMs: performance.now() - started };
  };
  await timed(now);
  const full = await timed(now);
  const started = performance.now();
  const candidates = deadlineCandidates(
    full.rows,
    { registry: new WorkflowRegistry(unionWorkflows), cache },
    calendar,
    now,
  );
  const candidatesMs = performance.now() - started;
  const narrow = await timed(new Date(now.getTime() + 60_000));
  const figures = {
    full: { rows: full.rows.length, sqlMs: full.sqlMs, candidates: candidates.length, candidatesMs },
    narrow: { rows: narrow.rows.length, sqlMs: narrow.sqlMs },
  };
  log(
    `deadline scan: the whole window ${figures.full.rows} rows in ${full.sqlMs.toFixed(1)} ms, ${candidates.length} candidates in ${candidatesMs.toFixed(1)} ms of the main thread; a minute later ${figures.narrow.rows} rows in ${narrow.sqlMs.toFixed(1)} ms`,
  );
  return figures;
}
