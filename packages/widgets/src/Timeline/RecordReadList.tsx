import type { RecordFact } from '@doanflow/client';
import { formatDate } from '../i18n/dates.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';

/**
 * The facts of a record a step read (a year-end review reads the person's year): what each is, in
 * words, when it was recorded, and its gist — a host's comment and recommendation, credited days.
 */
export function RecordReadList({ facts }: { facts: readonly RecordFact[] | undefined }) {
  const { locale, t } = useDoanflow();
  if (!facts || facts.length === 0) return null;
  return (
    <div className="df-Timeline-record">
      <span className="df-Widget-muted">{t('timeline.recordRead')}:</span>
      <ul aria-label={t('timeline.recordRead')}>
        {facts.map((fact) => {
          const { comment, creditedDays, recommendTopRating } = fact.data;
          const gist = [
            typeof comment === 'string' ? `“${comment}”` : null,
            recommendTopRating === true ? t('timeline.recommendsTop') : null,
            typeof creditedDays === 'number'
              ? t('timeline.creditedDays', { days: String(creditedDays) })
              : null,
          ].filter((part): part is string => part !== null);
          return (
            <li key={`${fact.kind}:${fact.key}`} data-kind={fact.kind}>
              {pickLabel(fact.label, locale)} ({formatDate(fact.recordedAt, locale)})
              {gist.length > 0 ? (
                <>
                  {': '}
                  <bdi dir="auto">{gist.join('; ')}</bdi>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
