import { useId, useState, type DragEvent } from 'react';
import type { DossierKindView } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { errorMessage } from '../shared/error-message.ts';
import { acceptAttribute, documentErrorValues, formatSize, typeName } from './format.ts';
import type { UploadRow } from './use-uploads.ts';

interface DropZoneProps {
  kinds: DossierKindView[];
  uploads: UploadRow[];
  onFiles: (files: File[], kind: DossierKindView) => void;
  onDismiss: (key: number) => void;
}

/**
 * Adding files: the kind first (required ones marked), then drag and drop or a file picker; one
 * progress bar and one error per file, in the officer's language.
 */
export function DropZone({ kinds, uploads, onFiles, onDismiss }: DropZoneProps) {
  const { locale, t } = useDoanflow();
  const kindId = useId();
  const inputId = useId();
  const uploadable = kinds.filter((kind) => kind.canUpload);
  const [chosen, setChosen] = useState(() => (uploadable.find((kind) => kind.missing) ?? uploadable[0])?.id);
  const [over, setOver] = useState(false);
  const kind = uploadable.find((each) => each.id === chosen) ?? uploadable[0];
  if (!kind) return null;
  const label = (each: DossierKindView) =>
    `${pickLabel(each.label, locale)}${each.required ? ` (${t(each.missing ? 'dossier.missing' : 'dossier.required')})` : ''}`;

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length) onFiles(files, kind);
  };

  return (
    <div className="df-Dossier-add">
      <div className="df-Field">
        <label htmlFor={kindId} className="df-Field-label">
          {t('dossier.chooseKind')}
        </label>
        <select
          id={kindId}
          className="df-Field-control df-Dossier-kind"
          value={kind.id}
          onChange={(event) => setChosen(event.target.value)}
        >
          {uploadable.map((each) => (
            <option key={each.id} value={each.id} data-required={each.required}>
              {label(each)}
            </option>
          ))}
        </select>
      </div>
      <div
        className="df-Dossier-drop"
        data-over={over}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <span>{t('dossier.drop')} </span>
        <label htmlFor={inputId} className="df-Dossier-browse">
          {t('dossier.browse')}
        </label>
        <input
          id={inputId}
          className="df-Dossier-input"
          type="file"
          multiple
          accept={acceptAttribute(kind)}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            if (files.length) onFiles(files, kind);
          }}
        />
        <p className="df-Widget-muted">
          {t('dossier.accepts', {
            types: kind.accepts.map(typeName).join(', '),
            max: formatSize(kind.maxBytes, locale),
          })}
        </p>
      </div>
      {uploads.length ? (
        <ul className="df-Dossier-uploads" aria-live="polite">
          {uploads.map((row) => (
            <li key={row.key} className="df-Dossier-upload" data-status={row.status}>
              {row.status === 'uploading' ? (
                <>
                  <span>{t('dossier.uploading', { name: row.name })}</span>{' '}
                  <progress
                    max={row.size}
                    value={row.sent}
                    aria-label={t('dossier.uploading', { name: row.name })}
                  />
                </>
              ) : (
                <span role="alert">
                  {t('dossier.failed', {
                    name: row.name,
                    message: errorMessage(row.error!, t, documentErrorValues(row.error!, kinds, locale)),
                  })}{' '}
                  <button type="button" className="df-Button" onClick={() => onDismiss(row.key)}>
                    {t('dossier.dismiss')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
