import type { QueuedDecision } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import type { DecisionQueueView } from './use-decision-queue.ts';

/**
 * The decisions kept on this device: how many wait to be sent ("1 quyết định chờ gửi"), those the
 * server did not record with the reason in words (someone decided meanwhile: 409), and those just
 * sent. Shown in the inbox (all of them) and in the panel (its case's).
 */
export function PendingDecisions({ view, instanceId }: { view: DecisionQueueView; instanceId?: string }) {
  const { locale, t, onNavigate } = useDoanflow();
  const mine = (item: QueuedDecision) => instanceId === undefined || item.instanceId === instanceId;
  const waiting = view.items.filter((item) => item.status === 'waiting' && mine(item));
  const problems = view.items.filter((item) => item.status !== 'waiting' && mine(item));
  const sent = view.sent.filter(mine);
  if (!waiting.length && !problems.length && !sent.length) return null;
  const words = (item: QueuedDecision) => ({
    decision: pickLabel(item.words.decision, locale),
    case: item.words.subject
      ? `${pickLabel(item.words.title, locale)}: ${item.words.subject}`
      : pickLabel(item.words.title, locale),
  });
  return (
    <div className="df-Queue" part="notice">
      {waiting.length ? (
        <div
          className="df-Notice df-Queue-waiting"
          data-kind="info"
          role="group"
          aria-labelledby={`${waiting[0]!.key}-title`}
        >
          <p id={`${waiting[0]!.key}-title`} className="df-Queue-count">
            <strong>{t('queue.waiting', { count: waiting.length })}</strong>
          </p>
          <p className="df-Widget-muted">{t('queue.waitingHint')}</p>
          <ul className="df-Queue-list">
            {waiting.map((item) => (
              <li key={item.key} className="df-Queue-item" data-instance-id={item.instanceId}>
                <span>{t('queue.item', words(item))}</span>
                <button
                  type="button"
                  part="button"
                  className="df-Button"
                  onClick={() => view.remove(item.key)}
                >
                  {t('queue.cancel')}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" part="button" className="df-Button" onClick={view.flush}>
            {t('queue.sendNow')}
          </button>
        </div>
      ) : null}
      {/* Said when it appears: the officer learns a kept decision was not recorded, or was sent. */}
      <div role="status" className="df-Queue-outcomes">
        {problems.map((item) => (
          <div
            key={item.key}
            className="df-Notice df-Queue-problem"
            data-kind="warning"
            data-status={item.status}
          >
            <p>
              {item.status === 'conflict'
                ? t('queue.conflict', {
                    ...words(item),
                    state: item.problem?.state
                      ? pickLabel(item.problem.state, locale)
                      : t('queue.unknownState'),
                  })
                : t('queue.refused', { ...words(item), message: item.problem?.message ?? '' })}
            </p>
            <div className="df-Queue-actions">
              {onNavigate && instanceId === undefined ? (
                <button
                  type="button"
                  part="button"
                  className="df-Button"
                  onClick={() => onNavigate({ to: 'task', instanceId: item.instanceId })}
                >
                  {t('queue.open')}
                </button>
              ) : null}
              <button type="button" part="button" className="df-Button" onClick={() => view.remove(item.key)}>
                {t('queue.dismiss')}
              </button>
            </div>
          </div>
        ))}
        {sent.map((item) => (
          <p key={item.key} className="df-Notice df-Queue-sent" data-kind="success">
            {t('queue.sent', words(item))}
          </p>
        ))}
      </div>
    </div>
  );
}
