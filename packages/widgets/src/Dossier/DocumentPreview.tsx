import { useEffect, useId, useRef, useState } from 'react';
import { toApiError, type DoanflowApiError } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';
import { errorMessage } from '../shared/error-message.ts';
import { ModalDialog } from '../shared/ModalDialog.tsx';
import { previewable } from './format.ts';

export interface PreviewTarget {
  id: string;
  name: string;
  mediaType: string;
  /** Where the bytes come from when not an attachment (an issued document's PDF). */
  load?: () => Promise<Blob>;
}

/** Saves a file the page fetched with the officer's token (a plain link could not send it). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A PDF or an image shown in the page, in a modal dialog (ModalDialog: the page behind is inert,
 * focus starts on Close and returns to the link that opened it): fetched with the officer's token into a blob
 * of the type the server decided, so nothing but that type is ever rendered.
 */
export function DocumentPreview({ file, onClose }: { file: PreviewTarget; onClose: () => void }) {
  const { client, t } = useDoanflow();
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [blob, setBlob] = useState<Blob | null>(null);
  const [error, setError] = useState<DoanflowApiError | null>(null);

  useEffect(() => {
    let made: string | null = null;
    let live = true;
    (file.load ? file.load() : client.attachmentBlob(file.id)).then(
      (fetched) => {
        if (!live) return;
        const typed =
          fetched.type === file.mediaType ? fetched : new Blob([fetched], { type: file.mediaType });
        setBlob(typed);
        if (previewable(file.mediaType)) setUrl((made = URL.createObjectURL(typed)));
      },
      (failure: unknown) => live && setError(toApiError(failure)),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [client, file.id, file.mediaType, file.load]);

  return (
    <ModalDialog
      role="dialog"
      labelledBy={titleId}
      className="df-Dossier-preview"
      initialFocus={closeRef}
      onClose={onClose}
    >
      <h2 id={titleId} className="df-Widget-title df-Dialog-title">
        {file.name}
      </h2>
      {error ? (
        <p className="df-Notice" data-kind="error" role="alert">
          {errorMessage(error, t)}
        </p>
      ) : null}
      {url && file.mediaType === 'application/pdf' ? (
        <iframe className="df-Dossier-previewFrame" src={url} title={file.name} />
      ) : null}
      {url && file.mediaType.startsWith('image/') ? (
        <img className="df-Dossier-previewImage" src={url} alt={file.name} />
      ) : null}
      {blob && !previewable(file.mediaType) ? (
        <p className="df-Widget-muted">{t('dossier.noPreview')}</p>
      ) : null}
      <div className="df-Dialog-actions">
        <button
          type="button"
          className="df-Button"
          disabled={!blob}
          onClick={() => blob && saveFile(blob, file.name)}
        >
          {t('dossier.download')}
        </button>
        <button ref={closeRef} type="button" className="df-Button" data-variant="primary" onClick={onClose}>
          {t('dossier.close')}
        </button>
      </div>
    </ModalDialog>
  );
}
