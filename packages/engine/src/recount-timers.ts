import { basisIsCurrent, countWorkingDays, type WorkingCalendar } from './calendar/calendar.ts';
import { canonical } from './canonical.ts';
import type { PendingTimer } from './effects.ts';
import type { InstanceSnapshot } from './snapshot.ts';

export interface RecountedTimer {
  timer: PendingTimer;
  previousDue: string;
}

/**
 * Counts again the pending timers of a snapshot whose working days were counted under other
 * holiday notices than the calendar's (a year's notice was published, or a new version of it):
 * same start, same number of working days, the notices now in force. Returns the new snapshot and
 * every timer recounted (its due time may be unchanged), or null when all counts are current.
 */
export function recountTimers(
  snapshot: InstanceSnapshot,
  calendar: WorkingCalendar,
): { snapshot: InstanceSnapshot; recounted: RecountedTimer[] } | null {
  if (snapshot.status === 'done') return null;
  const recounted: RecountedTimer[] = [];
  const timers = snapshot.timers.map((timer) => {
    if (!timer.calendar || basisIsCurrent(timer.calendar, calendar)) return timer;
    const { from, workingDays } = timer.calendar;
    const { due, basis } = countWorkingDays(calendar, from, workingDays);
    const next: PendingTimer = { ...timer, due, calendar: { from, workingDays, ...basis } };
    recounted.push({ timer: next, previousDue: timer.due });
    return next;
  });
  return recounted.length > 0 ? { snapshot: canonical({ ...snapshot, timers }), recounted } : null;
}
