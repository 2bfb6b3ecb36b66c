import type { CalendarYear, PendingTimer } from '@doanflow/client';
import { workingDaysBetween } from './dates.ts';
import type { Translate } from './translate.ts';

/** "nhắc sau 2 ngày làm việc" / "reminder in 2 working days" for a pending timer. */
export function timerPhrase(
  timer: Pick<PendingTimer, 'kind' | 'due'>,
  t: Translate,
  now: Date,
  calendar?: readonly CalendarYear[],
): string {
  const what = t(`timer.${timer.kind}`);
  const days = workingDaysBetween(now, new Date(timer.due), calendar);
  if (days > 0) return t('timer.inDays', { what, days });
  if (days === 0) return t('timer.today', { what });
  return t('timer.overdue', { what, days: -days });
}
