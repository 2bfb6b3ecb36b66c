import { useMachine } from '@xstate/react';
import { useCallback, useEffect, useId, useRef, useState, type Ref } from 'react';
import type { TaskView } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';
import { PendingDecisions } from '../shared/PendingDecisions.tsx';
import { useDecisionQueue } from '../shared/use-decision-queue.ts';
import { errorMessage } from '../shared/error-message.ts';
import { stepKey } from '../shared/announcer.ts';
import { focusHandoff } from '../shared/focus-handoff.ts';
import { mergeRefs } from '../shared/merge-refs.ts';
import { EmptyStatus, ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useChanges } from '../shared/use-changes.ts';
import { useWhenOnline } from '../shared/use-online.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { BulkBar, BulkResults } from './BulkBar.tsx';
import { noFilters, toInboxQuery, type InboxFilterValues } from './inbox-filters.ts';
import { inboxMachine } from './inbox.machine.ts';
import { InboxFilters, type UnitOption } from './InboxFilters.tsx';
import { InboxList } from './InboxList.tsx';
import { useInboxVoice } from './use-inbox-voice.ts';
import { useSeenUnits } from './use-seen-units.ts';

export interface InboxProps {
  /** Called when the officer opens a task (e.g. to show the approval panel for it). */
  onOpenTask?: (task: TaskView) => void;
  /** Units offered by the unit filter; by default the units of the tasks seen so far. */
  units?: UnitOption[];
  pageSize?: number;
  /** Refresh from the server's change stream (default true). */
  live?: boolean;
  ref?: Ref<HTMLElement>;
}

/** The officer's open tasks across workflows: filters, counts, paging, bulk decisions, live updates. */
export function Inbox({ onOpenTask, units, pageSize = 20, live = true, ref }: InboxProps) {
  const { client, t, now, onNavigate } = useDoanflow();
  const titleId = useId();
  const [filters, setFilters] = useState<InboxFilterValues>(noFilters);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [snapshot, send] = useMachine(inboxMachine, {
    input: {
      query: toInboxQuery(noFilters, now(), pageSize),
      loadDefinitions: () => client.listDefinitions(),
      loadPage: (query) => client.inbox(query),
      sendBulk: (items) => client.sendBulk(items),
    },
  });
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  const refresh = useCallback(() => send({ type: 'REFRESH' }), [send]);
  const { items, counts, definitions, nextCursor, bulkResults, bulkError, liveUpdates } = snapshot.context;
  const { said, propose, noteChange } = useInboxVoice(items, liveUpdates, refresh);
  useChanges(
    (change) => {
      noteChange(change.instanceId);
      refresh();
    },
    live,
    () => {
      send({ type: 'RETRY' });
      send({ type: 'REFRESH' });
    },
  );

  // A decision on a task this inbox opened: reload, put focus back on its row (or where it was,
  // if the task left the list), and announce the outcome (the panel then stays silent).
  const root = useRef<HTMLElement>(null);
  const returning = useRef<{ instanceId: string; index: number } | null>(null);
  const handoffKey = useRef({}).current;
  useEffect(
    () =>
      focusHandoff.listen(handoffKey, (decided) => {
        const rows = [...(root.current?.querySelectorAll('.df-Inbox-item') ?? [])];
        const index = rows.findIndex((row) => row.getAttribute('data-instance-id') === decided.instanceId);
        returning.current = { instanceId: decided.instanceId, index: Math.max(index, 0) };
        propose({
          key: stepKey(decided.instanceId, decided.revision),
          scope: decided.instanceId,
          priority: 10,
          message: decided.announcement,
        });
        send({ type: 'REFRESH' });
      }),
    [handoffKey, send, propose],
  );
  // Without onOpenTask, a host that answers onNavigate shows the task.
  const open =
    onOpenTask ??
    (onNavigate ? (task: TaskView) => onNavigate({ to: 'task', instanceId: task.instanceId, task }) : null);
  const openTask = open
    ? (task: TaskView) => {
        focusHandoff.open(task.instanceId, handoffKey);
        open(task);
      }
    : undefined;

  const changeFilters = useCallback(
    (next: InboxFilterValues) => {
      setFilters(next);
      setSelected(new Set());
      send({ type: 'SET_QUERY', query: toInboxQuery(next, now(), pageSize) });
    },
    [send, now, pageSize],
  );

  const seenUnits = useSeenUnits(items);
  const unitOptions = units ?? seenUnits;

  const value = String(snapshot.value);
  useEffect(() => {
    const target = returning.current;
    if (!target || value !== 'ready' || !root.current) return;
    returning.current = null;
    const rows = [...root.current.querySelectorAll<HTMLElement>('.df-Inbox-item')];
    const row =
      rows.find((each) => each.getAttribute('data-instance-id') === target.instanceId) ??
      rows[Math.min(target.index, rows.length - 1)];
    const focusable =
      row?.querySelector<HTMLElement>('.df-Inbox-open') ??
      row?.querySelector<HTMLElement>('.df-Inbox-select');
    (focusable ?? root.current.querySelector<HTMLElement>('.df-Widget-title'))?.focus();
  }, [value, items]);
  const listShown = ['ready', 'loadingMore', 'refreshing', 'submitting'].includes(value);
  const uiState =
    listShown && items.length === 0
      ? 'empty'
      : listShown
        ? 'ready'
        : value === 'starting'
          ? 'loading'
          : value;
  const selectedTasks = items.filter((task) => selected.has(task.instanceId));
  const toggle = (instanceId: string) =>
    setSelected((old) => {
      const next = new Set(old);
      if (!next.delete(instanceId)) next.add(instanceId);
      return next;
    });

  // Decisions kept on this device while offline: visible above the tasks until the server has them.
  const queue = useDecisionQueue();
  return (
    <WidgetRoot name="Inbox" state={uiState} labelledBy={titleId} ref={mergeRefs(ref, root)} said={said}>
      <h2 id={titleId} tabIndex={-1} part="title" className="df-Widget-title">
        {t('inbox.title')}
      </h2>
      <PendingDecisions view={queue} />
      {value === 'starting' ? <LoadingStatus /> : null}
      {value === 'offline' ? <OfflineStatus onRetry={retry} /> : null}
      {value === 'error' ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {definitions.length || listShown || value === 'loading' ? (
        <InboxFilters
          values={filters}
          definitions={definitions}
          byWorkflow={counts?.byWorkflow ?? {}}
          units={unitOptions}
          onChange={changeFilters}
        />
      ) : null}
      {value === 'loading' ? <LoadingStatus /> : null}
      {listShown ? (
        <>
          {counts ? (
            <p className="df-Inbox-counts" data-overdue={counts.overdue}>
              {t('inbox.counts', { total: counts.total, overdue: counts.overdue })}
            </p>
          ) : null}
          {bulkError ? (
            <p part="notice" className="df-Notice" data-kind="error" role="alert">
              {errorMessage(bulkError, t)}
            </p>
          ) : null}
          {bulkResults ? <BulkResults results={bulkResults} tasks={items} /> : null}
          <BulkBar
            tasks={selectedTasks}
            definitions={definitions}
            busy={value === 'submitting'}
            onApply={(type) => {
              send({
                type: 'BULK',
                items: selectedTasks.map((task) => ({
                  instanceId: task.instanceId,
                  command: { type, comment: null },
                  // The revision the list showed, so nothing is decided on a state nobody saw. A server
                  // too old to list it gets 0, which it refuses as stale rather than guess.
                  expectedRevision: task.revision ?? 0,
                })),
              });
              setSelected(new Set());
            }}
          />
          {items.length === 0 ? (
            <EmptyStatus message={t('inbox.empty')} />
          ) : (
            <InboxList
              items={items}
              selected={selected}
              onToggle={toggle}
              onToggleAll={(all) =>
                setSelected(all ? new Set(items.map((task) => task.instanceId)) : new Set())
              }
              onOpen={openTask}
            />
          )}
          {nextCursor ? (
            <div className="df-Inbox-footer">
              <button
                type="button"
                part="button"
                className="df-Button"
                disabled={value === 'loadingMore'}
                onClick={() => send({ type: 'LOAD_MORE' })}
              >
                {t('inbox.loadMore')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </WidgetRoot>
  );
}
