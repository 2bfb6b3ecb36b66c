import type { Locale, TaskView } from '@doanflow/client';
import { formatDate } from './dates.ts';
import { pickLabel, type Translate } from './translate.ts';

/**
 * How a task is named to an officer (the inbox row's buttons, announcements, "next task"):
 * workflow and subject ("Chuyển sinh hoạt đoàn — Lê Thị Lan"); a task about a unit rather than a
 * person (an award nomination, a branch review) by workflow, unit and due date, so that two of
 * them can be told apart by ear.
 */
export function taskName(task: TaskView, locale: Locale, t: Translate): string {
  const workflow = pickLabel(task.title, locale);
  if (task.subject) return t('inbox.taskName', { workflow, who: task.subject });
  const who = task.unitName ?? pickLabel(task.stateLabel, locale);
  return task.due
    ? t('inbox.taskNameDue', { workflow, who, date: formatDate(task.due, locale) })
    : t('inbox.taskName', { workflow, who });
}
