import type { TaskView } from '../client/types.ts';
import { formatDate } from '../i18n/dates.ts';
import { roleLabels } from '../i18n/roles.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';

interface InboxListProps {
  items: TaskView[];
  selected: ReadonlySet<string>;
  onToggle: (instanceId: string) => void;
  onToggleAll: (select: boolean) => void;
  onOpen?: ((task: TaskView) => void) | undefined;
}

const taskKey = (task: TaskView) => `${task.instanceId}:${task.role}:${task.unitId ?? ''}`;

/** The tasks, overdue ones marked in text and colour, each selectable for a bulk decision. */
export function InboxList({ items, selected, onToggle, onToggleAll, onOpen }: InboxListProps) {
  const { locale, t } = useDoanflow();
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
        {items.map((task) => {
          const isSelected = selected.has(task.instanceId);
          const role = pickLabel(roleLabels[task.role], locale) || task.role;
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
                aria-label={t('inbox.select', { subject: task.subject })}
                onChange={() => onToggle(task.instanceId)}
              />
              <div className="df-Inbox-itemBody">
                <div className="df-Inbox-subject">{task.subject}</div>
                <div className="df-Inbox-meta df-Widget-muted">
                  {pickLabel(task.title, locale)} · {pickLabel(task.stateLabel, locale)} · {role}
                  {task.unitName ? ` · ${task.unitName}` : ''}
                </div>
                <div className="df-Inbox-due">
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
                  aria-label={`${t('inbox.open')}: ${task.subject}`}
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
