import { useEffect, useState, type Ref } from 'react';
import type { DoanflowApiError } from '@doanflow/client';
import type { TaskView } from '@doanflow/client';
import { taskName } from '../i18n/task-name.ts';
import { useDoanflow } from '../provider/context.ts';
import { errorMessage } from '../shared/error-message.ts';
import { FocusedNotice } from '../shared/FocusedNotice.tsx';

interface DecisionNoticeProps {
  instanceId: string;
  /** The decision is on its way. */
  sending: boolean;
  conflict: boolean;
  /** The outcome says the decision was kept on the device, to be sent later. */
  kept: boolean;
  /** The recorded decision, in words; null when there is none to show. */
  outcome: string | null;
  /** Offer the next task and the way back (the host answers onNavigate, and no inbox took focus). */
  offerNext: boolean;
  sendError: DoanflowApiError | undefined;
  /** Values for the error's sentence (the documents a refusal names). */
  errorValues: Record<string, string | number>;
  ref: Ref<HTMLDivElement>;
}

/**
 * What became of the officer's decision — on its way, recorded (with where the case went, and
 * the next task), refused or overtaken by someone else's — in one box that takes focus, so it is
 * read out once and the next Tab leads on. It is no live region: focus does the telling.
 */
export function DecisionNotice(props: DecisionNoticeProps) {
  const { instanceId, sending, conflict, kept, outcome, offerNext, sendError, errorValues, ref } = props;
  const { t } = useDoanflow();
  const kind = sendError ? 'error' : conflict || kept ? 'warning' : outcome && !sending ? 'success' : 'info';
  const text = sending
    ? t('approval.sending')
    : sendError
      ? t('approval.sendFailed', { message: errorMessage(sendError, t, errorValues) })
      : conflict
        ? t('approval.conflict')
        : outcome;
  if (!text) return null;
  return (
    <FocusedNotice ref={ref} kind={kind} text={text}>
      {kind === 'success' && offerNext ? <NextTask instanceId={instanceId} /> : null}
    </FocusedNotice>
  );
}

/** After a decision: the officer's next task (another case) and the way back to the list. */
function NextTask({ instanceId }: { instanceId: string }) {
  const { client, locale, t, onNavigate } = useDoanflow();
  const [next, setNext] = useState<TaskView | null>(null);
  useEffect(() => {
    let live = true;
    client.inbox({ limit: 5 }).then(
      (page) => live && setNext(page.items.find((task) => task.instanceId !== instanceId) ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, instanceId]);
  if (!onNavigate) return null;
  return (
    <div className="df-ApprovalPanel-next">
      {next ? (
        <button
          type="button"
          part="button"
          className="df-Button"
          data-variant="primary"
          onClick={() => onNavigate({ to: 'task', instanceId: next.instanceId, task: next })}
        >
          {t('approval.nextTask', { task: taskName(next, locale, t) })}
        </button>
      ) : null}
      <button type="button" part="button" className="df-Button" onClick={() => onNavigate({ to: 'inbox' })}>
        {t('approval.backToInbox')}
      </button>
    </div>
  );
}
