import type { ActingForm, HistoryView, Locale } from '@doanflow/client';
import { AttachmentLinks } from '../Dossier/AttachmentLinks.tsx';
import { IssuedDocumentLinks } from './IssuedDocumentLinks.tsx';
import { RecordReadList } from './RecordReadList.tsx';
import { formatDateTime } from '../i18n/dates.ts';
import { timerPhrase } from '../i18n/timer-phrase.ts';
import { pickLabel, type Translate } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { EmptyStatus } from '../shared/StatusView.tsx';
import type { TimelineData } from './timeline.machine.ts';

const actingMark: Record<ActingForm, string> = { self: '', TM: 'TM.', KT: 'KT.' };

export function TimelineEntries({ data }: { data: TimelineData }) {
  const { t } = useDoanflow();
  if (data.history.length === 0) return <EmptyStatus message={t('timeline.empty')} />;
  return (
    <ol className="df-Timeline-list">
      {data.history.map((entry) => (
        <TimelineEntry key={entry.seq} entry={entry} data={data} />
      ))}
    </ol>
  );
}

/** The words of one entry: what was decided, where the case went, by whom, in which role. */
function describeEntry(entry: HistoryView, data: TimelineData, locale: Locale, t: Translate) {
  const { definition } = data;
  const decision =
    entry.type === '$start'
      ? t('timeline.started')
      : pickLabel(definition.events.find((event) => event.type === entry.type)?.label, locale) || entry.type;
  const toLabel = pickLabel(definition.states.find((state) => state.path === entry.to)?.label, locale);
  const { actor } = entry;
  const who = actor.name ?? (actor.role === 'system' ? t('common.system') : t('common.unknownPerson'));
  const role = pickLabel(actor.roleLabel, locale) || actor.role;
  return { decision, toLabel, who, role };
}

/**
 * An entry said by the live region: someone else's decision ("Trần Thị Bình (Bí thư chi đoàn)
 * đã quyết định …"), or a deadline that passed (a timer's event).
 */
export function entryWords(entry: HistoryView, data: TimelineData, locale: Locale, t: Translate): string {
  const { decision, toLabel, who, role } = describeEntry(entry, data, locale, t);
  const title = pickLabel(data.instance.title, locale);
  const state = toLabel || entry.to;
  if (entry.timerId) return t('live.timerFired', { title, event: decision, state });
  const signer = entry.acting !== 'self' ? `${actingMark[entry.acting]} ` : '';
  // A name is isolated (FSI … PDI): a right-to-left override in it cannot turn the sentence around.
  return t('live.decided', { who: `${signer}\u2068${who}\u2069 (${role})`, decision, title, state });
}

function TimelineEntry({ entry, data }: { entry: HistoryView; data: TimelineData }) {
  const { locale, t } = useDoanflow();
  const { decision, toLabel, who, role } = describeEntry(entry, data, locale, t);
  const { actor } = entry;
  return (
    <li className="df-Timeline-entry" data-kind={entry.timerId ? 'timer' : 'decision'} data-type={entry.type}>
      <div>
        <span className="df-Timeline-decision">{decision}</span>
        {toLabel ? <span className="df-Widget-muted"> → {toLabel}</span> : null}
      </div>
      <div className="df-Timeline-actor">
        {entry.acting !== 'self' ? (
          <span className="df-Timeline-acting">{actingMark[entry.acting]} </span>
        ) : null}
        {/* Names come from the directory: <bdi> keeps a direction override in one inside it. */}
        <bdi className="df-Timeline-who">{who}</bdi>
        {actor.role !== 'system' ? <span className="df-Timeline-role"> · {role}</span> : null}
        {actor.unitName ? (
          <span className="df-Timeline-unit">
            {' · '}
            <bdi>{actor.unitName}</bdi>
          </span>
        ) : null}
      </div>
      {actor.signature ? (
        <div className="df-Timeline-signature">
          {t('timeline.signature', { heading: actor.signature.heading, title: actor.signature.title })}
        </div>
      ) : null}
      <time className="df-Timeline-when df-Widget-muted" dateTime={entry.at}>
        {formatDateTime(entry.at, locale)}
      </time>
      {entry.comment ? (
        <p className="df-Timeline-comment" dir="auto">
          {entry.comment}
        </p>
      ) : null}
      <AttachmentLinks files={entry.attachments} />
      <IssuedDocumentLinks documents={entry.issued} />
      <RecordReadList facts={entry.recordRead} />
    </li>
  );
}

export function TimelineTimers({ data }: { data: TimelineData }) {
  const { locale, t, now } = useDoanflow();
  const timers = [...data.instance.timers].sort((a, b) => a.due.localeCompare(b.due));
  if (timers.length === 0) return null;
  const current = now();
  return (
    <section className="df-Timeline-timers" aria-label={t('timeline.timers')}>
      <h3 className="df-Widget-muted">{t('timeline.timers')}</h3>
      <ul className="df-Timeline-list">
        {timers.map((timer) => {
          const event = pickLabel(
            data.definition.events.find((e) => e.type === timer.event.type)?.label,
            locale,
          );
          return (
            <li
              key={timer.id}
              className="df-Timeline-entry"
              data-kind="timer"
              data-timer-kind={timer.kind}
              data-provisional={timer.calendar?.provisional ? '' : undefined}
            >
              <span className="df-Timeline-timerPhrase">{timerPhrase(timer, t, current, data.calendar)}</span>
              {event ? <span className="df-Widget-muted"> ({event})</span> : null}{' '}
              <time className="df-Widget-muted" dateTime={timer.due}>
                {formatDateTime(timer.due, locale)}
              </time>
              {timer.calendar?.provisional ? (
                <span className="df-Timeline-provisional df-Widget-muted"> · {t('timer.provisional')}</span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
