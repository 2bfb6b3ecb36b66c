import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  isWorkflowError,
  localDate,
  start,
  systemPrincipal,
  tasksOf,
  type Clock,
  type Command,
  type DirectoryData,
  type InstanceSnapshot,
  type PendingTimer,
  type Principal,
  type StepResult,
  type WorkflowRegistry,
} from '@doanflow/engine';
import type { Database, Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { ChangeHub } from './change-hub.ts';
import type * as C from './contract.ts';
import { DirectoryCache } from './directory-cache.ts';
import { importDirectory } from './directory-import.ts';
import { claimIdempotencyKey, principalKey, requestHash } from './idempotency.ts';
import { queryInbox } from './inbox.ts';
import { isoOf, type HistoryRow, type InstanceRow, type TaskRow } from './rows.ts';
import { buildStep, type AfterCommit, type BuiltStep } from './step-builder.ts';
import { writeStep } from './step-writer.ts';
import { historyView, instanceView, taskRows, taskView } from './views.ts';
import { canSee } from './visibility.ts';

/** Where fired-later work goes after commit (BullMQ); absent, timers wait for the reconciler. */
export interface TimerWakeups {
  schedule(timers: readonly PendingTimer[], now: Date): Promise<void>;
  cancel(timerIds: readonly string[]): Promise<void>;
}

export interface RuntimeDeps {
  db: Database;
  registry: WorkflowRegistry;
  policy?: Record<string, Record<string, unknown>>;
  clock?: Clock;
  log?: (message: string, error?: unknown) => void;
}

export type TimerOutcome = { status: 'fired' | 'skipped' } | { status: 'not-due'; due: string };

const notFound = (id: string) => new ServerError('NOT_FOUND', `no instance ${id}`, { instanceId: id });

/** The WorkflowRuntime on PostgreSQL: one command = one transaction = one write statement. */
export class DurableRuntime implements C.WorkflowRuntime {
  readonly db: Database;
  readonly registry: WorkflowRegistry;
  readonly clock: Clock;
  readonly cache = new DirectoryCache();
  readonly hub: ChangeHub;
  wakeups: TimerWakeups | null = null;
  private readonly policy: Record<string, Record<string, unknown>>;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(deps: RuntimeDeps) {
    this.db = deps.db;
    this.registry = deps.registry;
    this.clock = deps.clock ?? { now: () => new Date() };
    this.policy = deps.policy ?? {};
    this.log = deps.log ?? ((message, error) => console.error(`[doanflow] ${message}`, error ?? ''));
    this.hub = new ChangeHub(deps.db.schema);
  }

  async start(
    workflowId: string,
    input: unknown,
    principal: Principal,
    options: { idempotencyKey?: string } = {},
  ) {
    const definition = this.registry.get(workflowId);
    const now = this.clock.now();
    const result = start(definition, input, {
      principal,
      directory: this.cache.directory,
      clock: { now: () => now },
      ids: { next: () => randomUUID() },
      policy: this.policy[workflowId],
    });
    const built = buildStep({ definition, result, previous: null, cache: this.cache });
    const view = this.viewOf(built, principal, now);
    const request = { op: 'start', workflowId, input };
    const outcome = await this.db.transaction(async (query) => {
      const replay = await this.claim(query, principal, options.idempotencyKey, request, now);
      if (replay) return replay;
      await this.write(query, built, principal, options.idempotencyKey, view);
      return null;
    });
    if (outcome) return outcome.replay as C.InstanceView;
    await this.afterCommit(built.after, now);
    return view;
  }

  async send(instanceId: string, command: Command, principal: Principal, options: C.SendOptions = {}) {
    const now = this.clock.now();
    const request = { op: 'send', instanceId, command, expectedRevision: options.expectedRevision ?? null };
    const outcome = await this.db.transaction(async (query) => {
      const replay = await this.claim(query, principal, options.idempotencyKey, request, now);
      if (replay) return replay;
      const row = await this.lock(query, instanceId);
      const definition = this.registry.get(row.workflow_id, row.version);
      if (!this.visible(principal, row.snapshot, now)) throw notFound(instanceId);
      if (options.expectedRevision !== undefined && options.expectedRevision !== row.revision) {
        throw new ServerError('STALE_REVISION', `instance ${instanceId} is at revision ${row.revision}`, {
          currentRevision: row.revision,
        });
      }
      const result = applyEvent(definition, row.snapshot, command, {
        principal,
        directory: this.cache.directory,
        clock: { now: () => now },
      });
      const built = this.build(row, result);
      const view = this.viewOf(built, principal, now);
      await this.write(query, built, principal, options.idempotencyKey, view);
      return { built, view };
    });
    if ('replay' in outcome) return outcome.replay as C.InstanceView;
    await this.afterCommit(outcome.built.after, now);
    return outcome.view;
  }

  async bulk(items: C.BulkItem[], principal: Principal): Promise<C.BulkResult[]> {
    const results: C.BulkResult[] = [];
    for (const item of items) {
      try {
        const instance = await this.send(item.instanceId, item.command, principal, {
          expectedRevision: item.expectedRevision,
        });
        results.push({ instanceId: item.instanceId, ok: true, instance });
      } catch (error) {
        if (!(error instanceof ServerError) && !isWorkflowError(error)) throw error;
        results.push({
          instanceId: item.instanceId,
          ok: false,
          error: { code: error.code, message: error.message, details: error.details },
        });
      }
    }
    return results;
  }

  async get(instanceId: string, principal: Principal): Promise<C.InstanceView> {
    const now = this.clock.now();
    const { row, tasks } = await this.readVisible(instanceId, principal, now);
    return instanceView({
      definition: this.registry.get(row.workflow_id, row.version),
      snapshot: row.snapshot,
      revision: row.revision,
      orgUnitId: row.org_unit_id,
      createdAt: row.created_at,
      tasks,
      principal,
      cache: this.cache,
      now,
    });
  }

  async history(instanceId: string, principal: Principal): Promise<C.HistoryView[]> {
    await this.readVisible(instanceId, principal, this.clock.now());
    const rows = await this.db.query<HistoryRow>(
      'select * from history where instance_id = $1 order by seq',
      [instanceId],
    );
    return rows.map((row) => historyView(row, this.cache));
  }

  async inbox(principal: Principal, filter: C.InboxQuery): Promise<C.InboxPage> {
    const empty = { items: [], nextCursor: null, counts: { total: 0, overdue: 0, byWorkflow: {} } };
    if (principal.kind === 'system') return empty;
    const now = this.clock.now();
    const reach = this.cache.reach(principal.personId, now);
    const subtree = filter.unitId
      ? [filter.unitId, ...this.cache.descendants(filter.unitId, localDate(now))]
      : null;
    const page = await queryInbox(
      this.db.query,
      { personId: principal.personId, ...reach, subtree },
      filter,
      now,
    );
    return {
      items: page.rows.map((row) =>
        taskView(this.definitionOf(row.workflow_id, row.version), row, this.cache, now),
      ),
      nextCursor: page.nextCursor,
      counts: { total: page.total, overdue: page.overdue, byWorkflow: page.byWorkflow },
    };
  }

  async importDirectory(data: DirectoryData, mode: 'replace' | 'merge') {
    return importDirectory(this, data, mode);
  }

  async directory(): Promise<DirectoryData> {
    await this.cache.load(this.db);
    return this.cache.directory.data;
  }

  /** Readiness: resolves when the database answers (throws UNAVAILABLE otherwise). */
  async ping(): Promise<void> {
    await this.db.query('select 1');
  }

  subscribe(listener: (change: C.ChangeEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.hub.close();
  }

  /**
   * Delivers a durable timer's event if the timer is still pending and due. The instance lock and
   * the engine's own check (TIMER_NOT_PENDING) make a second delivery a no-op.
   */
  async fireTimer(timerId: string, at: Date = this.clock.now()): Promise<TimerOutcome> {
    const outcome = await this.db.transaction(async (query): Promise<TimerOutcome | BuiltStep> => {
      const [timer] = await query<{
        instance_id: string;
        due: string | Date;
        status: string;
        event: PendingTimer['event'];
      }>('select instance_id, due, status, event from timers where id = $1', [timerId]);
      if (!timer || timer.status !== 'pending') return { status: 'skipped' };
      const due = new Date(isoOf(timer.due)!);
      if (due > at) return { status: 'not-due', due: due.toISOString() };
      const row = await this.lock(query, timer.instance_id);
      let result: StepResult;
      try {
        result = applyEvent(
          this.registry.get(row.workflow_id, row.version),
          row.snapshot,
          { type: timer.event.type, payload: timer.event.payload, timerId },
          { principal: systemPrincipal, directory: this.cache.directory, clock: { now: () => at } },
        );
      } catch (error) {
        if (!isWorkflowError(error)) throw error;
        // The instance no longer expects it (finished, or already delivered): settle the row.
        await query(
          `update timers set status = 'cancelled', settled_at = $2 where id = $1 and status = 'pending'`,
          [timerId, at.toISOString()],
        );
        return { status: 'skipped' };
      }
      const built = this.build(row, result);
      await this.write(query, built, systemPrincipal, undefined, null);
      return built;
    });
    if ('status' in outcome) return outcome;
    await this.afterCommit(outcome.after, at);
    return { status: 'fired' };
  }

  /** Fires every pending timer due at `now` directly (the reconciler's path, and tests'). */
  async runDueTimers(now: Date = this.clock.now()): Promise<number> {
    let fired = 0;
    for (let round = 0; round < 100; round += 1) {
      const due = await this.db.query<{ id: string }>(
        `select id from timers where status = 'pending' and due <= $1 order by due, id limit 200`,
        [now.toISOString()],
      );
      let progressed = 0;
      for (const { id } of due) {
        const outcome = await this.fireTimer(id, now);
        if (outcome.status === 'fired') fired += 1;
        if (outcome.status !== 'not-due') progressed += 1;
      }
      if (due.length < 200 || progressed === 0) break;
    }
    return fired;
  }

  /** Recomputed tasks of a stored snapshot, as rows (after a directory change). */
  recomputeTasks(snapshot: InstanceSnapshot, now: Date): TaskRow[] {
    const definition = this.registry.get(snapshot.workflowId, snapshot.version);
    return taskRows(
      definition,
      snapshot,
      tasksOf(definition, snapshot, this.cache.directory, now),
      this.cache,
    );
  }

  async afterCommit(after: AfterCommit, now: Date): Promise<void> {
    this.hub.publish(after.change);
    if (!this.wakeups) return;
    try {
      // Losing these is harmless: the reconciler re-enqueues from the timer rows.
      if (after.cancel.length) await this.wakeups.cancel(after.cancel);
      if (after.schedule.length) await this.wakeups.schedule(after.schedule, now);
    } catch (error) {
      this.log('could not update timer wake-ups (the reconciler will)', error);
    }
  }

  private build(row: InstanceRow, result: StepResult): BuiltStep {
    return buildStep({
      definition: this.registry.get(row.workflow_id, row.version),
      result,
      previous: { revision: row.revision, lastHash: row.last_hash, createdAt: row.created_at },
      cache: this.cache,
    });
  }

  private viewOf(built: BuiltStep, principal: Principal, now: Date): C.InstanceView {
    const { instance, tasks } = built.write;
    return instanceView({
      definition: this.registry.get(instance.workflow_id, instance.version),
      snapshot: instance.snapshot,
      revision: instance.revision,
      orgUnitId: instance.org_unit_id,
      createdAt: instance.created_at,
      tasks,
      principal,
      cache: this.cache,
      now,
    });
  }

  private async claim(
    query: Query,
    principal: Principal,
    key: string | undefined,
    request: unknown,
    now: Date,
  ) {
    if (!key) return null;
    return claimIdempotencyKey(query, {
      principal: principalKey(principal),
      key,
      hash: requestHash(request),
      at: now.toISOString(),
    });
  }

  private async write(
    query: Query,
    built: BuiltStep,
    principal: Principal,
    key: string | undefined,
    view: unknown,
  ) {
    built.write.idempotency = key ? { principal: principalKey(principal), key, response: view } : null;
    built.write.notify =
      this.db.kind === 'postgresql'
        ? { channel: this.hub.channel, payload: this.hub.message({ change: built.after.change }) }
        : null;
    await writeStep(query, built.write);
  }

  private async lock(query: Query, instanceId: string): Promise<InstanceRow> {
    const [row] = await query<InstanceRow>('select * from instances where id = $1 for update', [instanceId]);
    if (!row) throw notFound(instanceId);
    return row;
  }

  private visible(principal: Principal, snapshot: InstanceSnapshot, now: Date, tasks?: TaskRow[]): boolean {
    const definition = this.registry.get(snapshot.workflowId, snapshot.version);
    return canSee(
      principal,
      definition,
      snapshot,
      tasks ?? this.recomputeTasks(snapshot, now),
      this.cache,
      now,
    );
  }

  private async readVisible(instanceId: string, principal: Principal, now: Date) {
    const [row] = await this.db.query<InstanceRow & { tasks: TaskRow[] }>(
      `select i.*, coalesce((select json_agg(t order by t.id) from tasks t where t.instance_id = i.id), '[]'::json) as tasks
       from instances i where i.id = $1`,
      [instanceId],
    );
    if (!row || !this.visible(principal, row.snapshot, now, row.tasks)) throw notFound(instanceId);
    return { row, tasks: row.tasks };
  }

  private definitionOf(workflowId: string, version: number) {
    try {
      return this.registry.get(workflowId, version);
    } catch {
      return undefined;
    }
  }
}
