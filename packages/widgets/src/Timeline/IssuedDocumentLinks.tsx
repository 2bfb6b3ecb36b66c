import { useState } from 'react';
import type { IssuedDocumentRef } from '@doanflow/client';
import { DocumentPreview, type PreviewTarget } from '../Dossier/DocumentPreview.tsx';
import { useDoanflow } from '../provider/context.ts';

/** The official documents a decision issued: the PDF previewed in the page, and its public check. */
export function IssuedDocumentLinks({ documents }: { documents: readonly IssuedDocumentRef[] | undefined }) {
  const { client, t } = useDoanflow();
  const [open, setOpen] = useState<PreviewTarget | null>(null);
  if (!documents || documents.length === 0) return null;
  return (
    <>
      <ul className="df-Dossier-links df-Timeline-issued" aria-label={t('issued.documents')}>
        {documents.map((document) => {
          const name = t('issued.name', { number: document.number });
          return (
            <li key={document.id} data-kind={document.kind}>
              <button
                type="button"
                className="df-Dossier-link"
                aria-label={t('dossier.preview', { name })}
                onClick={() =>
                  setOpen({
                    id: document.id,
                    name: `${document.number.replaceAll('/', '_')}.pdf`,
                    mediaType: 'application/pdf',
                    load: () => client.issuedDocumentBlob(document.id),
                  })
                }
              >
                {name}
              </button>{' '}
              <a
                className="df-Link df-Timeline-verify"
                href={client.verifyUrl(document.code)}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('issued.verify')}
              </a>
            </li>
          );
        })}
      </ul>
      {open ? <DocumentPreview file={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
