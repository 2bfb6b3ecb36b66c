import { useMachine } from '@xstate/react';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import { toApiError, type DoanflowApiError } from '@doanflow/client';
import type { AttachmentView, DossierEventView, DossierView } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';
import { errorMessage } from '../shared/error-message.ts';
import { createLoadMachine } from '../shared/load.machine.ts';
import { ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useChanges } from '../shared/use-changes.ts';
import { useWhenOnline } from '../shared/use-online.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { DocumentPreview, type PreviewTarget } from './DocumentPreview.tsx';
import { DossierList } from './DossierList.tsx';
import { DropZone } from './DropZone.tsx';
import { useUploads } from './use-uploads.ts';

/** The caller's uploads waiting for a decision, and the decisions that take documents now. */
export interface PendingDocuments {
  files: AttachmentView[];
  events: DossierEventView[];
  kinds: DossierView['kinds'];
}

export interface DossierSectionProps {
  instanceId: string;
  /** A new revision (a decision took waiting files, say) reloads the dossier. */
  revision?: number;
  /** Label of a decision by its event type (the approval panel knows them). */
  eventLabel?: (type: string) => string;
  onPendingChange?: (pending: PendingDocuments) => void;
  live?: boolean;
  /** Inside another widget the section has its own heading; as a widget, the widget's title is it. */
  titled?: boolean;
}

const dossierMachine = createLoadMachine<DossierView>();

/** The dossier inside another widget (the approval panel): its files, and adding more. */
export function DossierSection({
  instanceId,
  revision,
  eventLabel = (type) => type,
  onPendingChange,
  live = true,
  titled = true,
}: DossierSectionProps) {
  const { client, t } = useDoanflow();
  const titleId = useId();
  const [snapshot, send] = useMachine(dossierMachine, {
    input: { load: () => client.getDossier(instanceId) },
  });
  const refresh = useCallback(() => send({ type: 'REFRESH' }), [send]);
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  useChanges((change) => change.instanceId === instanceId && refresh(), live);
  const seen = useRef(revision);
  useEffect(() => {
    if (revision !== seen.current) refresh();
    seen.current = revision;
  }, [revision, refresh]);

  const uploads = useUploads(instanceId, refresh);
  const [open, setOpen] = useState<PreviewTarget | null>(null);
  const [withdrawError, setWithdrawError] = useState<DoanflowApiError | null>(null);
  const dossier = snapshot.context.data;

  const pending = useMemo(
    () =>
      dossier
        ? {
            files: dossier.items.filter((file) => file.seq === null),
            events: dossier.events,
            kinds: dossier.kinds,
          }
        : null,
    [dossier],
  );
  useEffect(() => {
    if (pending) onPendingChange?.(pending);
  }, [pending, onPendingChange]);

  // A server without documents (no dossier routes) answers 404: then there is no dossier to show.
  if (snapshot.matches('error') && snapshot.context.error?.code === 'NOT_FOUND') return null;

  const withdraw = (file: AttachmentView) => {
    setWithdrawError(null);
    client.withdrawAttachment(file.id).then(refresh, (error: unknown) => setWithdrawError(toApiError(error)));
  };

  const Wrapper = titled ? 'section' : 'div';
  return (
    <Wrapper
      className="df-Dossier"
      aria-labelledby={titled ? titleId : undefined}
      data-state={String(snapshot.value)}
    >
      {titled ? (
        <h3 id={titleId} className="df-Widget-muted df-Dossier-title">
          {t('dossier.title')}
        </h3>
      ) : null}
      {snapshot.matches('loading') ? <LoadingStatus /> : null}
      {snapshot.matches('offline') ? <OfflineStatus onRetry={retry} /> : null}
      {snapshot.matches('error') ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {dossier ? (
        <>
          <DossierList dossier={dossier} eventLabel={eventLabel} onOpen={setOpen} onWithdraw={withdraw} />
          {withdrawError ? (
            <p className="df-Notice" data-kind="error" role="alert">
              {errorMessage(withdrawError, t)}
            </p>
          ) : null}
          <DropZone
            kinds={dossier.kinds}
            uploads={uploads.rows}
            onFiles={uploads.add}
            onDismiss={uploads.dismiss}
          />
        </>
      ) : null}
      {open ? <DocumentPreview file={open} onClose={() => setOpen(null)} /> : null}
    </Wrapper>
  );
}

export interface DossierProps extends Omit<DossierSectionProps, 'revision'> {
  ref?: Ref<HTMLElement>;
}

/** The dossier as a widget of its own (`<doanflow-dossier>`). */
export function Dossier({ ref, ...props }: DossierProps) {
  const titleId = useId();
  const { t } = useDoanflow();
  return (
    <WidgetRoot name="Dossier" state="ready" labelledBy={titleId} ref={ref}>
      <h2 id={titleId} className="df-Widget-title">
        {t('dossier.title')}
      </h2>
      <DossierSection key={props.instanceId} {...props} titled={false} />
    </WidgetRoot>
  );
}
