import type { AttachmentView, DossierView } from '@doanflow/client';
import { formatDateTime } from '../i18n/dates.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { EmptyStatus } from '../shared/StatusView.tsx';
import { formatSize, typeName } from './format.ts';

interface DossierListProps {
  dossier: DossierView;
  /** Labels of the events (decisions) by type, to say which one a waiting file goes with. */
  eventLabel: (type: string) => string;
  onOpen: (file: AttachmentView) => void;
  onWithdraw: (file: AttachmentView) => void;
}

/** The dossier's files: kind, name, size, who, when; a waiting upload says which decision takes it. */
export function DossierList({ dossier, eventLabel, onOpen, onWithdraw }: DossierListProps) {
  const { locale, t } = useDoanflow();
  if (dossier.items.length === 0) return <EmptyStatus message={t('dossier.empty')} />;
  const kindLabel = (id: string) =>
    pickLabel(dossier.kinds.find((kind) => kind.id === id)?.label, locale) || id;
  const takenBy = (file: AttachmentView) =>
    dossier.events
      .filter((event) => event.accepts.includes(file.kind))
      .map((event) => eventLabel(event.type));
  return (
    <table className="df-Dossier-table">
      <thead>
        <tr>
          <th scope="col">{t('dossier.kind')}</th>
          <th scope="col">{t('dossier.name')}</th>
          <th scope="col">{t('dossier.size')}</th>
          <th scope="col">{t('dossier.by')}</th>
          <th scope="col">{t('dossier.when')}</th>
        </tr>
      </thead>
      <tbody>
        {dossier.items.map((file) => {
          const decisions = takenBy(file);
          return (
            <tr
              key={file.id}
              className="df-Dossier-item"
              data-pending={file.seq === null}
              data-kind={file.kind}
            >
              <td>{kindLabel(file.kind)}</td>
              <td>
                <button type="button" className="df-Dossier-link" onClick={() => onOpen(file)}>
                  {file.name}
                </button>{' '}
                <span className="df-Widget-muted">{typeName(file.mediaType)}</span>
                {file.seq === null ? (
                  <div className="df-Dossier-pending">
                    {decisions.length
                      ? t('dossier.pending', { decisions: decisions.join(', ') })
                      : t('dossier.pendingNowhere')}{' '}
                    <button
                      type="button"
                      className="df-Button df-Dossier-withdraw"
                      aria-label={t('dossier.withdraw', { name: file.name })}
                      onClick={() => onWithdraw(file)}
                    >
                      ×
                    </button>
                  </div>
                ) : null}
              </td>
              <td>{formatSize(file.size, locale)}</td>
              <td>{file.uploadedBy.name ?? file.uploadedBy.personId}</td>
              <td>
                <time dateTime={file.uploadedAt}>{formatDateTime(file.uploadedAt, locale)}</time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
