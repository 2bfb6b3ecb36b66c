import { useState } from 'react';
import type { AttachmentRef } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';
import { DocumentPreview, type PreviewTarget } from './DocumentPreview.tsx';
import { formatSize } from './format.ts';

/** The files a decision carried, as links that open them in the page (the timeline's). */
export function AttachmentLinks({ files }: { files: readonly AttachmentRef[] | undefined }) {
  const { locale, t } = useDoanflow();
  const [open, setOpen] = useState<PreviewTarget | null>(null);
  if (!files || files.length === 0) return null;
  return (
    <>
      <ul className="df-Dossier-links" aria-label={t('dossier.files')}>
        {files.map((file) => (
          <li key={file.id} data-kind={file.kind}>
            <button
              type="button"
              className="df-Dossier-link"
              aria-label={t('dossier.preview', { name: file.name })}
              onClick={() => setOpen(file)}
            >
              {file.name}
            </button>{' '}
            <span className="df-Widget-muted">({formatSize(file.size, locale)})</span>
          </li>
        ))}
      </ul>
      {open ? <DocumentPreview file={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
