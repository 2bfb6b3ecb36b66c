import { useMachine } from '@xstate/react';
import { useCallback, useId, type Ref } from 'react';
import type { DoanflowClient } from '@doanflow/client';
import type { CalendarYear, ChangeEvent, PendingTimer } from '@doanflow/client';
import { yearsBetween } from '../i18n/dates.ts';
import { useDoanflow } from '../provider/context.ts';
import { ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useChanges } from '../shared/use-changes.ts';
import { useWhenOnline } from '../shared/use-online.ts';
import { useStepVoice } from '../shared/use-step-voice.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { entryWords, TimelineEntries, TimelineTimers } from './TimelineParts.tsx';
import { timelineMachine, type TimelineData } from './timeline.machine.ts';

export interface TimelineProps {
  instanceId: string;
  /** Refresh when the server reports a change to this instance (default true). */
  live?: boolean;
  ref?: Ref<HTMLElement>;
}

/** Who did what, in which role and unit, when, with which comment; then what is pending. */
export function Timeline(props: TimelineProps) {
  return <TimelineForInstance key={props.instanceId} {...props} />;
}

function TimelineForInstance({ instanceId, live = true, ref }: TimelineProps) {
  const { client, locale, t, now } = useDoanflow();
  const titleId = useId();
  const [snapshot, send] = useMachine(timelineMachine, {
    input: {
      load: async (): Promise<TimelineData> => {
        const [instance, history] = await Promise.all([
          client.getInstance(instanceId),
          client.getHistory(instanceId),
        ]);
        const [definition, calendar] = await Promise.all([
          client.getDefinition(instance.workflowId, instance.version),
          calendarFor(client, instance.timers, now()),
        ]);
        return { instance, history, definition, calendar };
      },
    },
  });
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  const data = snapshot.context.data;
  // Who did what, said once: each step since the last load (one history entry per revision).
  const { said, heard } = useStepVoice(instanceId, data?.instance.revision, 3, (revision) => {
    const newest = data?.history.at(-1);
    if (!data || !newest) return null;
    const entry = data.history.find((each) => each.seq === newest.seq - (data.instance.revision - revision));
    return entry ? entryWords(entry, data, locale, t) : null;
  });
  useChanges(
    (change: ChangeEvent) => {
      if (change.instanceId !== instanceId) return;
      heard(change);
      send({ type: 'REFRESH' });
    },
    live,
    () => {
      retry();
      send({ type: 'REFRESH' });
    },
  );

  const uiState =
    snapshot.matches('ready') || snapshot.matches('refreshing')
      ? data && data.history.length === 0
        ? 'empty'
        : 'ready'
      : String(snapshot.value);
  return (
    <WidgetRoot name="Timeline" state={uiState} labelledBy={titleId} ref={ref} said={said}>
      <h2 id={titleId} part="title" className="df-Widget-title df-Timeline-title">
        {t('timeline.title')}
      </h2>
      {snapshot.matches('loading') ? <LoadingStatus /> : null}
      {snapshot.matches('offline') ? <OfflineStatus onRetry={retry} /> : null}
      {snapshot.matches('error') ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {data && (snapshot.matches('ready') || snapshot.matches('refreshing')) ? (
        <>
          <TimelineEntries data={data} />
          <TimelineTimers data={data} />
        </>
      ) : null}
    </WidgetRoot>
  );
}

/**
 * The server's calendar years the timers' working days are counted through. A year held from an
 * earlier load is asked for again when a timer was counted under another version of its notice.
 * A year that cannot be had counts weekends only: the phrase is a hint, the due time is shown too.
 */
async function calendarFor(
  client: DoanflowClient,
  timers: PendingTimer[],
  now: Date,
): Promise<CalendarYear[]> {
  if (timers.length === 0) return [];
  const years = yearsBetween(
    now,
    timers.map((timer) => timer.due),
  );
  const loaded = await Promise.all(
    years
      .map(async (year) => {
        const held = await client.getCalendarYear(year);
        const counted = timers.map((timer) => timer.calendar?.versions[year]).find((v) => v !== undefined);
        const stale = counted !== undefined && counted !== (held.notice?.version ?? 0);
        return stale ? client.getCalendarYear(year, true) : held;
      })
      .map((pending) => pending.catch(() => null)),
  );
  return loaded.filter((year) => year !== null);
}
