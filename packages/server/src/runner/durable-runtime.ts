import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  localDate,
  start,
  tasksOf,
  type Clock,
  type Command,
  type DirectoryData,
  type InstanceSnapshot,
  type Principal,
  type StepResult,
  type WorkflowRegistry,
} from '@doanflow/engine';
import type { Database, Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { sendEach } from './bulk.ts';
import { ChangeHub } from './change-hub.ts';
import type * as C from './contract.ts';
import { DirectoryCache } from './directory-cache.ts';
import { importDirectory } from './directory-import.ts';
import { claimForRequest, principalKey } from './idempotency.ts';
import { queryInbox } from './inbox.ts';
import { lockInstance, notFound } from './instance-lock.ts';
import type { HistoryRow, InstanceRow, TaskRow } from './rows.ts';
import { buildStep, type AfterCommit, type BuiltStep } from './step-builder.ts';
import { writeStep } from './step-writer.ts';
import { deliverDueTimers, deliverTimer, type TimerOutcome, type TimerWakeups } from './timer-delivery.ts';
import { historyView, instanceView, taskRows, taskView } from './views.ts';
import { canSee } from './visibility.ts';

export interface RuntimeDeps {
  db: Database;
  registry: WorkflowRegistry;
  policy?: Record<string, Record<string, unknown>>;
  clock?: Clock;
  log?: (message: string, error?: unknown) => void;
}

export type { TimerOutcome, TimerWakeups } from './timer-delivery.ts';

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
      const replay = await claimForRequest(query, principal, options.idempotencyKey, request, now);
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
      const replay = await claimForRequest(query, principal, options.idempotencyKey, request, now);
      if (replay) return replay;
      const row = await lockInstance(query, instanceId);
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

  bulk(items: C.BulkItem[], principal: Principal): Promise<C.BulkResult[]> {
    return sendEach(this, items, principal);
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

  /** Delivers one durable timer's event if still pending and due (see timer-delivery.ts). */
  fireTimer(timerId: string, at: Date = this.clock.now()): Promise<TimerOutcome> {
    return deliverTimer(this, timerId, at);
  }

  /** Fires every pending timer due at `now` directly (the reconciler's path, and tests'). */
  runDueTimers(now: Date = this.clock.now()): Promise<number> {
    return deliverDueTimers(this, now);
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

  /** For the runner's own modules (timer delivery): the rows and effects of an engine step. */
  build(row: InstanceRow, result: StepResult): BuiltStep {
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

  /** For the runner's own modules: writes a built step (one statement) inside `query`'s transaction. */
  async write(query: Query, built: BuiltStep, principal: Principal, key: string | undefined, view: unknown) {
    built.write.idempotency = key ? { principal: principalKey(principal), key, response: view } : null;
    built.write.notify =
      this.db.kind === 'postgresql'
        ? { channel: this.hub.channel, payload: this.hub.message({ change: built.after.change }) }
        : null;
    await writeStep(query, built.write);
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
