import {
  allowedEvents,
  applyEvent,
  calendarYear,
  checkHolidayNotice,
  demoDirectoryData,
  localDate,
  OrgDirectory,
  recountTimers,
  start,
  vietnamCalendar,
  type AnyWorkflowDefinition,
  type HolidayNotice,
  type DirectoryData,
  type InstanceSnapshot,
  type Principal,
  type StepResult,
  type Task,
  type WorkflowRegistry,
} from '@doanflow/engine';
import { ServerError } from '../../src/errors.ts';
import { mapError } from '../../src/plugins/error-handler.ts';
import type {
  BulkItem,
  BulkResult,
  ChangeEvent,
  HistoryView,
  InboxPage,
  InboxQuery,
  InstanceView,
  SendCommand,
  SendOptions,
  WorkflowRuntime,
} from '../../src/runner/contract.ts';
import { historyView, taskView } from './engine-only-views.ts';

interface Stored {
  definition: AnyWorkflowDefinition;
  snapshot: InstanceSnapshot;
  revision: number;
  tasks: Task[];
  history: HistoryView[];
}

/**
 * A test double of our own boundary, WorkflowRuntime, built directly on the pure engine with
 * in-memory maps (no PostgreSQL, no timers). HTTP tests run against it until the durable runtime
 * lands; `writes` records every call that would change state.
 */
export class EngineOnlyRuntime implements WorkflowRuntime {
  readonly writes: string[] = [];
  /** Makes ping() fail, as a database outage would. */
  down = false;
  private org: OrgDirectory;
  private readonly instances = new Map<string, Stored>();
  private readonly replies = new Map<string, InstanceView>();
  private readonly listeners = new Set<(change: ChangeEvent) => void>();
  private nextId = 0;
  private notices: HolidayNotice[] = [];
  readonly clock = { now: () => new Date() };

  private readonly registry: WorkflowRegistry;

  constructor(registry: WorkflowRegistry, directory: DirectoryData = demoDirectoryData) {
    this.registry = registry;
    this.org = new OrgDirectory(directory);
  }

  async ping() {
    if (this.down) throw new Error('connection refused');
  }

  async start(
    workflowId: string,
    input: unknown,
    principal: Principal,
    options: { idempotencyKey?: string } = {},
  ) {
    this.writes.push('start');
    return this.once(principal, options.idempotencyKey, () => {
      const definition = this.registry.get(workflowId);
      const ids = { next: () => `i-${++this.nextId}` };
      const step = start(definition, input, {
        principal,
        directory: this.org,
        clock: this.clock,
        ids,
        calendar: this.calendar,
      });
      const stored: Stored = { definition, snapshot: step.snapshot, revision: 0, tasks: [], history: [] };
      this.instances.set(step.snapshot.instanceId, stored);
      return this.record(stored, step, principal);
    });
  }

  async send(instanceId: string, command: SendCommand, principal: Principal, options: SendOptions = {}) {
    this.writes.push('send');
    return this.once(principal, options.idempotencyKey, () => {
      const stored = this.visible(instanceId, principal);
      if (options.expectedRevision !== undefined && options.expectedRevision !== stored.revision) {
        throw new ServerError('STALE_REVISION', 'the instance has changed since you read it', {
          currentRevision: stored.revision,
        });
      }
      // Nothing is stored here, so no upload can be named.
      const [unknown] = command.attachments ?? [];
      if (unknown)
        throw new ServerError('UNKNOWN_ATTACHMENT', `no upload ${unknown}`, { attachmentId: unknown });
      const context = { principal, directory: this.org, clock: this.clock, calendar: this.calendar };
      const { attachments: _ids, ...engineCommand } = command;
      return this.record(
        stored,
        applyEvent(stored.definition, stored.snapshot, engineCommand, context),
        principal,
      );
    });
  }

  async bulk(items: BulkItem[], principal: Principal): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    for (const item of items) {
      try {
        const instance = await this.send(item.instanceId, item.command, principal, {
          expectedRevision: item.expectedRevision,
        });
        results.push({ instanceId: item.instanceId, ok: true, instance });
      } catch (error) {
        const { body } = mapError(error);
        results.push({ instanceId: item.instanceId, ok: false, error: body });
      }
    }
    return results;
  }

  async get(instanceId: string, principal: Principal) {
    return this.view(this.visible(instanceId, principal), principal);
  }

  async history(instanceId: string, principal: Principal) {
    return this.visible(instanceId, principal).history;
  }

  async inbox(principal: Principal, query: InboxQuery): Promise<InboxPage> {
    const all = [...this.instances.values()].flatMap((stored) =>
      stored.tasks
        .filter((task) => this.mayAct(principal, task))
        .map((task) => taskView(this.org, this.clock.now(), stored.definition, stored.snapshot, task)),
    );
    const matching = all.filter(
      (task) =>
        (!query.workflowId || task.workflowId === query.workflowId) &&
        (!query.state || task.state === query.state),
    );
    const offset = Number(query.cursor ?? 0);
    const limit = query.limit ?? 20;
    const byWorkflow: Record<string, number> = {};
    for (const task of matching) byWorkflow[task.workflowId] = (byWorkflow[task.workflowId] ?? 0) + 1;
    return {
      items: matching.slice(offset, offset + limit),
      nextCursor: offset + limit < matching.length ? String(offset + limit) : null,
      counts: { total: matching.length, overdue: matching.filter((task) => task.overdue).length, byWorkflow },
    };
  }

  async importDirectory(data: DirectoryData, mode: 'replace' | 'merge') {
    this.writes.push('importDirectory');
    const merged =
      mode === 'replace'
        ? data
        : {
            levels: [...this.org.data.levels, ...data.levels],
            units: [...this.org.data.units, ...data.units],
            people: [...this.org.data.people, ...data.people],
            bindings: [...this.org.data.bindings, ...data.bindings],
          };
    this.org = new OrgDirectory(merged);
    return {
      units: data.units.length,
      people: data.people.length,
      bindings: data.bindings.length,
      tasksRerouted: 0,
    };
  }

  async directory() {
    return this.org.data;
  }

  private get calendar() {
    const latest = new Map(this.notices.map((notice) => [notice.year, notice]));
    return { ...vietnamCalendar, notices: [...latest.values()] };
  }

  async calendarYear(year: number) {
    return calendarYear(this.calendar, year);
  }

  async holidayNotices(year: number) {
    return this.notices.filter((notice) => notice.year === year);
  }

  async publishHolidayNotice(year: number, raw: unknown) {
    const checked = checkHolidayNotice(year, raw, vietnamCalendar.weekend);
    this.writes.push('publishHolidayNotice');
    this.notices.push({
      year,
      version: (await this.holidayNotices(year)).length + 1,
      reference: checked.reference,
      issuedOn: checked.issuedOn ?? null,
      note: checked.note ?? null,
      effectiveFrom: this.clock.now().toISOString(),
      holidays: checked.holidays,
    });
    let timersRecounted = 0;
    for (const stored of this.instances.values()) {
      const result = recountTimers(stored.snapshot, this.calendar);
      if (!result) continue;
      stored.snapshot = result.snapshot;
      timersRecounted += result.recounted.length;
    }
    return { calendar: calendarYear(this.calendar, year), timersRecounted };
  }

  subscribe(listener: (change: ChangeEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close() {
    this.listeners.clear();
  }

  /** For tests: push a change as the durable runtime would after commit. */
  emit(change: ChangeEvent) {
    for (const listener of this.listeners) listener(change);
  }

  private async once(principal: Principal, key: string | undefined, run: () => InstanceView) {
    const scoped = key && principal.kind === 'person' ? `${principal.personId}:${key}` : undefined;
    const earlier = scoped ? this.replies.get(scoped) : undefined;
    if (earlier) return earlier;
    const view = run();
    if (scoped) this.replies.set(scoped, view);
    return view;
  }

  private record(stored: Stored, step: StepResult, principal: Principal): InstanceView {
    const prevHash = stored.history.at(-1)?.hash ?? null;
    stored.snapshot = step.snapshot;
    stored.tasks = step.tasks;
    stored.revision += 1;
    stored.history.push(historyView(this.org, stored.definition, step.entry, prevHash));
    const units = this.unitsOf(stored);
    const subject = stored.definition.subject(stored.snapshot.machine.context as never).personId;
    this.emit({
      instanceId: step.snapshot.instanceId,
      workflowId: step.snapshot.workflowId,
      state: step.snapshot.state,
      revision: stored.revision,
      unitIds: [...new Set([...units, ...step.tasks.flatMap((task) => (task.unitId ? [task.unitId] : []))])],
      personIds: subject ? [subject] : [],
    });
    return this.view(stored, principal);
  }

  private unitsOf(stored: Stored): string[] {
    return Object.values(stored.definition.units(stored.snapshot.machine.context as never)).filter(
      (unit): unit is string => typeof unit === 'string',
    );
  }

  /** 404, not 403, outside the caller's scope: existence is not leaked. */
  private visible(instanceId: string, principal: Principal): Stored {
    const stored = this.instances.get(instanceId);
    const notFound = new ServerError('NOT_FOUND', 'no such instance', { instanceId });
    if (!stored) throw notFound;
    if (principal.kind === 'system') return stored;
    const on = localDate(this.clock.now());
    const subject = stored.definition.subject(stored.snapshot.machine.context as never).personId;
    const units = this.unitsOf(stored);
    const sees =
      subject === principal.personId ||
      stored.tasks.some((task) => this.mayAct(principal, task)) ||
      this.org
        .bindingsOf(principal.personId, on)
        .some((binding) =>
          units.some((unit) => unit === binding.unitId || this.org.isAncestor(binding.unitId, unit, on)),
        );
    if (!sees) throw notFound;
    return stored;
  }

  private mayAct(principal: Principal, task: Task): boolean {
    if (principal.kind !== 'person') return false;
    if (task.personId) return task.personId === principal.personId;
    const on = localDate(this.clock.now());
    return this.org
      .bindingsOf(principal.personId, on)
      .some((binding) => binding.role === task.role && binding.unitId === task.unitId);
  }

  private view(stored: Stored, principal: Principal): InstanceView {
    const { definition, snapshot } = stored;
    return {
      id: snapshot.instanceId,
      workflowId: snapshot.workflowId,
      version: snapshot.version,
      title: definition.title,
      state: snapshot.state,
      stateLabel: definition.states[snapshot.state] ?? { vi: snapshot.state, en: snapshot.state },
      status: snapshot.status,
      revision: stored.revision,
      orgUnitId: this.unitsOf(stored)[0] ?? '',
      summary: definition.summary?.(snapshot.machine.context as never) ?? {},
      names: {},
      tasks: stored.tasks.map((task) =>
        taskView(this.org, this.clock.now(), stored.definition, stored.snapshot, task),
      ),
      allowedEvents: allowedEvents(definition, snapshot, principal, this.org, this.clock.now()),
      timers: snapshot.timers,
      createdAt: snapshot.startedAt,
      updatedAt: snapshot.updatedAt,
    };
  }
}
