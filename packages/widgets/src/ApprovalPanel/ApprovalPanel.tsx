import { useMachine } from '@xstate/react';
import { useCallback, useId, useRef, type Ref } from 'react';
import { decisionQueueOf } from '@doanflow/client';
import { DossierSection, type PendingDocuments } from '../Dossier/Dossier.tsx';
import { documentErrorValues } from '../Dossier/format.ts';
import { attachableTo } from '../Dossier/pending.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { toneIn, variantOf } from '../shared/action-tone.ts';
import { ConfirmDialog } from '../shared/ConfirmDialog.tsx';
import { ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useChanges } from '../shared/use-changes.ts';
import { useWhenOnline } from '../shared/use-online.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { PendingDecisions } from '../shared/PendingDecisions.tsx';
import { useDecisionQueue } from '../shared/use-decision-queue.ts';
import { approvalMachine, type ApprovalData, type Decision } from './approval.machine.ts';
import { DecisionForm } from './DecisionForm.tsx';
import { DecisionNotice } from './DecisionNotice.tsx';
import { InstanceSummary } from './InstanceSummary.tsx';
import { usePanelFocus } from './use-panel-focus.ts';

export interface DecisionMade {
  instanceId: string;
  /** The event sent. */
  type: string;
  /** The instance's state after it. */
  state: string;
}

export interface ApprovalPanelProps {
  instanceId: string;
  onDecision?: (decision: DecisionMade) => void;
  /** Refresh when the server reports a newer revision (default true). */
  live?: boolean;
  ref?: Ref<HTMLElement>;
}

/** One instance: its data, and the decisions the server says this officer may take now. */
export function ApprovalPanel(props: ApprovalPanelProps) {
  return <PanelForInstance key={props.instanceId} {...props} />;
}

function PanelForInstance({ instanceId, onDecision, live = true, ref }: ApprovalPanelProps) {
  const { client, locale, t, onNavigate } = useDoanflow();
  const titleId = useId();
  // The officer's uploads waiting for a decision go with the next decision that takes them.
  const pendingDocuments = useRef<PendingDocuments | null>(null);
  const [snapshot, send] = useMachine(approvalMachine, {
    input: {
      load: async (): Promise<ApprovalData> => {
        const instance = await client.getInstance(instanceId);
        return { instance, definition: await client.getDefinition(instance.workflowId, instance.version) };
      },
      send: ({ decision, expectedRevision, idempotencyKey }) =>
        client.sendEvent(instanceId, commandOf(decision), { expectedRevision, idempotencyKey }),
      queue: ({ decision, expectedRevision, idempotencyKey }, { instance, definition }) =>
        decisionQueueOf(client).add({
          key: idempotencyKey,
          instanceId,
          command: commandOf(decision),
          expectedRevision,
          words: {
            decision: definition.events.find((event) => event.type === decision.type)?.label ?? {
              vi: decision.type,
              en: decision.type,
            },
            title: instance.title,
            subject: instance.tasks.find((task) => task.subject)?.subject ?? null,
          },
        }),
    },
  });
  const commandOf = (decision: Decision) => ({
    type: decision.type,
    comment: decision.comment,
    ...(decision.payload !== undefined ? { payload: decision.payload } : {}),
    ...(decision.acting ? { acting: decision.acting } : {}),
    ...attachableTo(pendingDocuments.current, decision.type),
  });
  // A kept decision that reached the server: the case moved, so it is read again.
  const queue = useDecisionQueue((decision) => {
    if (decision.instanceId === instanceId) send({ type: 'REFRESH' });
  });
  const waitingHere = queue.items.some((item) => item.instanceId === instanceId && item.status === 'waiting');
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  const { data, notice, lastSent, sendError, pending, queued } = snapshot.context;
  const value = String(snapshot.value);
  const shown = data && ['ready', 'refreshing', 'confirming', 'submitting', 'queueing'].includes(value);
  const uiState = value === 'ready' && notice === 'conflict' ? 'conflict' : value;
  const eventLabel = (type: string | undefined) =>
    pickLabel(data?.definition.events.find((event) => event.type === type)?.label, locale) || (type ?? '');
  const stateLabel = (path: string) =>
    pickLabel(data?.definition.states.find((state) => state.path === path)?.label, locale) || path;
  const outcome =
    notice === 'sent' && lastSent
      ? t('approval.outcome', { decision: eventLabel(lastSent.type), state: stateLabel(lastSent.state) })
      : null;

  const { said, heading, notices, heard, offersNext } = usePanelFocus({
    instanceId,
    value,
    data,
    lastSent,
    outcome,
    failed: Boolean(sendError),
    conflict: notice === 'conflict',
    queued: notice === 'queued' ? queued : undefined,
    onDecision,
  });
  useChanges(
    (change) => {
      if (change.instanceId === instanceId && data && change.revision > data.instance.revision) {
        heard(change);
        send({ type: 'REFRESH' });
      }
    },
    live,
    () => {
      send({ type: 'RETRY' });
      send({ type: 'REFRESH' });
    },
  );

  return (
    <WidgetRoot name="ApprovalPanel" state={uiState} labelledBy={titleId} ref={ref} said={said}>
      <h2 id={titleId} ref={heading} tabIndex={-1} part="title" className="df-Widget-title">
        {data ? pickLabel(data.instance.title, locale) : t('approval.title')}
      </h2>
      {value === 'loading' ? <LoadingStatus /> : null}
      {value === 'offline' ? <OfflineStatus onRetry={retry} /> : null}
      {value === 'error' ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {value === 'conflict' ? <LoadingStatus /> : null}
      {shown ? (
        <>
          <DecisionNotice
            ref={notices}
            instanceId={instanceId}
            sending={value === 'submitting'}
            conflict={notice === 'conflict'}
            outcome={
              notice === 'queued' && waitingHere
                ? t('queue.queued', { decision: eventLabel(queued) })
                : outcome
            }
            kept={notice === 'queued' && waitingHere}
            offerNext={Boolean(onNavigate) && offersNext}
            sendError={sendError}
            errorValues={
              sendError ? documentErrorValues(sendError, pendingDocuments.current?.kinds ?? [], locale) : {}
            }
          />
          <InstanceSummary data={data} />
          <DossierSection
            instanceId={instanceId}
            revision={data.instance.revision}
            eventLabel={eventLabel}
            live={live}
            onPendingChange={(documents) => (pendingDocuments.current = documents)}
          />
          <section className="df-ApprovalPanel-decisionSection" aria-labelledby={`${titleId}-decisions`}>
            <h3 id={`${titleId}-decisions`} className="df-Widget-muted">
              {t('approval.decisions')}
            </h3>
            <PendingDecisions view={queue} instanceId={instanceId} />
            {waitingHere ? null : data.instance.status === 'done' ? (
              <p part="status" className="df-Status" data-kind="empty">
                {t('approval.done')}
              </p>
            ) : data.instance.allowedEvents.length === 0 ? (
              <p part="status" className="df-Status" data-kind="empty">
                {t('approval.noDecisions')}
              </p>
            ) : (
              <DecisionForm
                key={lastSent ? `${lastSent.type}@${data.instance.revision}` : 'first'}
                allowed={data.instance.allowedEvents}
                definition={data.definition}
                busy={value === 'submitting' || value === 'queueing'}
                sendError={sendError}
                onDecide={(decision) => send({ type: 'DECIDE', decision })}
              />
            )}
          </section>
        </>
      ) : null}
      {value === 'confirming' && pending ? (
        <ConfirmDialog
          title={t('approval.confirmTitle')}
          body={t('approval.confirmBody', { decision: eventLabel(pending.type) })}
          confirmLabel={t('approval.confirmYes')}
          variant={variantOf(toneIn(data!.definition, pending.type))}
          onConfirm={() => send({ type: 'CONFIRM' })}
          onCancel={() => send({ type: 'CANCEL' })}
          fallbackFocus={() => notices.current}
        />
      ) : null}
    </WidgetRoot>
  );
}
