/**
 * The wake-up job's format, which every release on one queue must agree on: during a deploy the
 * previous release's worker takes the jobs this one adds, and the other way round.
 *
 * - format 0 (before 0.1.0): name `timer`, the timer id in `data.timerId` (still written by tests
 *   and operators who wake a timer under a job id of their own);
 * - format 1 (0.1.0 on): name `timer`, the job id is the timer id, `data` is `{}` — every byte of a
 *   million jobs is paid in Redis;
 * - a later format is named `timer@<n>`. A worker that does not know it leaves the job for a release
 *   that does (it would otherwise complete it unread and the timer would wait for the sweep).
 *
 * A release writes a new format only when every release it may run beside reads it: reading comes
 * one release before writing, as with the schema (expand, then contract).
 */

/** The format this release writes. */
export const WAKEUP_FORMAT = 1;
const NAME = 'timer';

/** What a wake-up job carries beside its id. */
export interface TimerJobData {
  /** Format 0: the timer, when the job id is not the timer id. */
  timerId?: string;
}

/** A wake-up for one timer, in the format this release writes. */
export function wakeupJob(timerId: string, delayMs: number) {
  return { name: NAME, data: {} as TimerJobData, opts: { jobId: timerId, delay: Math.max(0, delayMs) } };
}

export type WakeupReading = { timerId: string } | { unknownFormat: string };

/** The timer a job wakes, or that its format is newer than this release. */
export function readWakeup(job: { name: string; id?: string; data?: TimerJobData }): WakeupReading {
  const format = job.name === NAME ? 1 : Number(/^timer@(\d+)$/.exec(job.name)?.[1] ?? Number.NaN);
  if (!(format <= WAKEUP_FORMAT)) return { unknownFormat: job.name };
  const timerId = job.data?.timerId ?? job.id;
  return timerId ? { timerId } : { unknownFormat: job.name };
}
