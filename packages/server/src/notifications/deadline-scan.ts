import { addWorkingDays, type WorkingCalendar } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { DUE_SOON_WORKING_DAYS } from './kinds.ts';

/** An open task with a deadline in the announced window (one row per task state and role). */
export interface DueTaskRow {
  instance_id: string;
  workflow_id: string;
  state: string;
  role: string;
  unit_id: string | null;
  person_id: string | null;
  due: Date | string;
  subject: string;
}

export interface DeadlineScanSettings {
  /** Deadlines passed longer ago than this are not announced (default 7 days). */
  overdueWindowDays?: number;
  /**
   * Every task in the window is read again this often (default 15 min): what the narrow scans
   * cannot see — a deadline moved in place by a holiday notice, a newly appointed holder, a
   * transaction that committed after a later one's rows were read.
   */
  fullScanMs?: number;
}

/** What one scan read: the rows, and whether it read the whole window. */
export interface DeadlineRows {
  rows: DueTaskRow[];
  full: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

// Bands: a deadline that came within two working days, one that passed, and rows written since.
const SCAN = `
  select distinct instance_id, workflow_id, state, role, unit_id, person_id, due, subject from tasks
  where due is not null and due > $1 and due <= $2
    and (due > $3 or (due > $4 and due <= $5) or id > $6::bigint)`;

/**
 * Which open tasks' deadlines to announce, read narrowly. Each announcement has its key, so reading
 * a task twice adds nothing, but reading every task in the window each minute did a province's
 * whole backlog's work each minute: at 1,000,000 instances ~30,000 rows, 40–60 ms of PostgreSQL and
 * the server's main thread busy turning them into candidates that all existed already.
 *
 * After the first scan, one reads only what changed since the one before: deadlines that came into
 * the two-working-day window (`due` past the last scan's horizon), deadlines that passed since, and
 * task rows written since (a new step's tasks: the ids grow). The rows' ids are taken from two scans
 * back, so a transaction that committed just after the last scan read is still seen. Every
 * `fullScanMs` (and when the clock went back) the whole window is read again.
 */
export class DeadlineScan {
  private readonly settings: Required<DeadlineScanSettings>;
  /** The last scan's clock and horizon, and the tasks' highest id before each of the last two. */
  private last: { now: number; soonUntil: number } | null = null;
  private maxIds: string[] = [];
  private fullAt = -Infinity;

  constructor(settings: DeadlineScanSettings = {}) {
    this.settings = { overdueWindowDays: 7, fullScanMs: 15 * 60_000, ...settings };
  }

  async read(query: Query, calendar: WorkingCalendar, now: Date): Promise<DeadlineRows> {
    const nowMs = now.getTime();
    const soonUntil = Date.parse(addWorkingDays(calendar, now.toISOString(), DUE_SOON_WORKING_DAYS));
    const floor = nowMs - this.settings.overdueWindowDays * 86_400_000;
    const [top] = await query<{ id: string | null }>(`select max(id)::text as id from tasks`);
    const last = this.last;
    const sinceId = this.maxIds.length === 2 ? this.maxIds[0]! : null;
    const full =
      last === null ||
      sinceId === null ||
      nowMs < last.now ||
      Date.now() - this.fullAt >= this.settings.fullScanMs;
    // A full scan: every band covers the whole window.
    const rows = await query<DueTaskRow>(
      SCAN,
      full
        ? [iso(floor), iso(soonUntil), iso(floor), iso(floor), iso(nowMs), '0']
        : [iso(floor), iso(soonUntil), iso(last.soonUntil), iso(last.now), iso(nowMs), sinceId],
    );
    if (full) this.fullAt = Date.now();
    // A horizon that moved back (a holiday notice withdrawn) must not make the next band read again.
    this.last = { now: nowMs, soonUntil: full ? soonUntil : Math.max(soonUntil, last.soonUntil) };
    this.maxIds = [...this.maxIds, top?.id ?? '0'].slice(-2);
    return { rows, full };
  }
}
