import { useId } from 'react';
import type { TaskView } from '@doanflow/client';
import { formatDate, formatDay } from '../i18n/dates.ts';
import { taskName } from '../i18n/task-name.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';

interface InboxListProps {
  items: TaskView[];
  selected: ReadonlySet<string>;
  onToggle: (instanceId: string) => void;
  onToggleAll: (select: boolean) => void;
  onOpen?: ((task: TaskView) => void) | undefined;
}

export const taskKey = (task: TaskView) => `${task.instanceId}:${task.role}:${task.unitId ?? ''}`;

/**
 * The tasks, overdue ones marked in text and colour, each selectable for a bulk decision. Each
 * row's controls are named by the task (taskName) and described by its step, role, unit and due
 * date, so a screen reader tells the rows apart and hears their state.
 */
export function InboxList({ items, selected, onToggle, onToggleAll, onOpen }: InboxListProps) {
  const { locale, t } = useDoanflow();
  const id = useId();
  const allSelected = items.length > 0 && items.every((task) => selected.has(task.instanceId));
  return (
    <>
      <label className="df-Field-choice df-Inbox-selectAll">
        <input
          type="checkbox"
          checked={allSelected}
          onChange={(event) => onToggleAll(event.target.checked)}
        />
        {t('inbox.selectAll')}
      </label>
      <ul className="df-Inbox-list">
        {items.map((task, index) => {
          const isSelected = selected.has(task.instanceId);
          const role = pickLabel(task.roleLabel, locale) || task.role;
          const name = taskName(task, locale, t);
          const described = `${id}-${index}-meta ${id}-${index}-due`;
          return (
            <li
              key={taskKey(task)}
              part="item"
              className="df-Inbox-item"
              data-overdue={task.overdue}
              data-selected={isSelected}
              data-workflow={task.workflowId}
              data-instance-id={task.instanceId}
            >
              <input
                type="checkbox"
                className="df-Inbox-select"
                checked={isSelected}
                aria-label={t('inbox.select', { task: name })}
                aria-describedby={described}
                onChange={() => onToggle(task.instanceId)}
              />
              <div className="df-Inbox-itemBody">
                <div className="df-Inbox-subject">
                  {task.subject || task.unitName || pickLabel(task.title, locale)}
                </div>
                <div id={`${id}-${index}-meta`} className="df-Inbox-meta df-Widget-muted">
                  {pickLabel(task.title, locale)} · {pickLabel(task.stateLabel, locale)} · {role}
                  {task.unitName ? ` · ${task.unitName}` : ''}
                  {task.delegatedFrom ? (
                    <span className="df-Inbox-delegated">
                      {' · '}
                      {t('inbox.delegatedFrom', {
                        name: task.delegatedFrom.name ?? task.delegatedFrom.personId,
                        date: formatDay(task.delegatedFrom.until, locale),
                      })}
                    </span>
                  ) : null}
                </div>
                <div id={`${id}-${index}-due`} className="df-Inbox-due">
                  {task.overdue ? <span className="df-Inbox-overdueBadge">{t('inbox.overdue')} </span> : null}
                  {task.due ? (
                    <time dateTime={task.due}>
                      {t('inbox.dueOn', { date: formatDate(task.due, locale) })}
                    </time>
                  ) : (
                    <span className="df-Widget-muted">{t('inbox.noDue')}</span>
                  )}
                </div>
              </div>
              {onOpen ? (
                <button
                  type="button"
                  part="button"
                  className="df-Button df-Inbox-open"
                  aria-label={`${t('inbox.open')}: ${name}`}
                  aria-describedby={described}
                  onClick={() => onOpen(task)}
                >
                  {t('inbox.open')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
