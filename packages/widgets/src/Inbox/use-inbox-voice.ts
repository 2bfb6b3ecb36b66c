import { useCallback, useEffect, useRef } from 'react';
import type { TaskView } from '@doanflow/client';
import { taskName } from '../i18n/task-name.ts';
import { useDoanflow } from '../provider/context.ts';
import { useAnnouncer } from '../shared/use-announcer.ts';
import { taskKey } from './InboxList.tsx';

/** Tasks named in one announcement; more are counted. */
const NAMED = 3;
/** The longest wait before looking again for a deadline that passed (timers drift on sleeping laptops). */
const DAY_MS = 86_400_000;

/**
 * What the inbox says by itself: the tasks that arrived ("Có 1 việc mới: Chuyển sinh hoạt đoàn —
 * Lê Thị Lan") and those whose deadline just passed. A task is new when the live stream reported
 * its instance and it was not on the list before — not when paging or a filter brings it. Tasks
 * arriving in a burst are said together; a deadline passing is noticed at its due time (the inbox
 * asks the server again then).
 */
export function useInboxVoice(items: TaskView[], liveUpdates: number, refresh: () => void) {
  const { locale, t, now } = useDoanflow();
  const fresh = useRef<{ key: string; tasks: TaskView[] }>({ key: '', tasks: [] });
  const { said, propose } = useAnnouncer((key) => {
    if (key === fresh.current.key) fresh.current = { key: '', tasks: [] };
  });
  const changed = useRef(new Set<string>());
  const previous = useRef<Map<string, TaskView> | null>(null);
  const lastLive = useRef(liveUpdates);

  const list = useCallback(
    (tasks: TaskView[]) =>
      tasks
        .slice(0, NAMED)
        .map((task) => taskName(task, locale, t))
        .join('; '),
    [locale, t],
  );

  useEffect(() => {
    const before = previous.current;
    previous.current = new Map(items.map((task) => [taskKey(task), task]));
    const live = liveUpdates !== lastLive.current;
    lastLive.current = liveUpdates;
    if (!before || !live) return;
    const added = items.filter((task) => !before.has(taskKey(task)) && changed.current.has(task.instanceId));
    const overdue = items.filter((task) => task.overdue && before.get(taskKey(task))?.overdue === false);
    changed.current.clear();
    if (added.length) {
      const tasks = [...fresh.current.tasks, ...added];
      const key = `inbox-new:${tasks.map(taskKey).join(',')}`;
      fresh.current = { key, tasks };
      const words = { count: tasks.length, tasks: list(tasks) };
      propose({
        key,
        group: 'inbox-new',
        priority: 1,
        message: tasks.length > NAMED ? t('inbox.newTasksMore', words) : t('inbox.newTasks', words),
      });
    }
    if (overdue.length) {
      propose({
        key: `inbox-overdue:${overdue.map(taskKey).join(',')}`,
        priority: 1,
        message: t('inbox.nowOverdue', { count: overdue.length, tasks: list(overdue) }),
      });
    }
  }, [items, liveUpdates, list, propose, t]);

  // Ask again when the next deadline passes: the server then marks the task overdue.
  const refreshLatest = useRef(refresh);
  useEffect(() => {
    refreshLatest.current = refresh;
  });
  useEffect(() => {
    const current = now().getTime();
    const dues = items
      .filter((task) => task.due && !task.overdue)
      .map((task) => Date.parse(task.due!))
      .filter((due) => due > current);
    if (dues.length === 0) return undefined;
    const wait = Math.min(Math.min(...dues) - current + 1000, DAY_MS);
    const timer = setTimeout(() => refreshLatest.current(), wait);
    return () => clearTimeout(timer);
  }, [items, now]);

  /** The live stream reported a change to this instance. */
  const noteChange = useCallback((instanceId: string) => void changed.current.add(instanceId), []);
  return { said, propose, noteChange };
}
