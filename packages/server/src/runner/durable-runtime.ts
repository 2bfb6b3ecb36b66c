import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  delegatedBindings,
  localDate,
  start,
  tasksOf,
  type Authority,
  type Delegation,
  type CalendarYear,
  type Clock,
  type HolidayNotice,
  type DirectoryData,
  type IssuedDocumentRef,
  type DocumentModel,
  type InstanceSnapshot,
  type Principal,
  type StepResult,
  type WorkflowRegistry,
} from '@doanflow/engine';
import { isTransactionConflict, type Database, type Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { sendEach } from './bulk.ts';
import { changesSince } from './changes-since.ts';
import { CalendarCache } from './calendar-cache.ts';
import { ChangeHub } from './change-hub.ts';
import type * as C from './contract.ts';
import { DirectoryCache } from './directory-cache.ts';
import { attachmentRefs } from './attachment-refs.ts';
import { importDirectory } from './directory-import.ts';
import type { DocumentIssuer } from '../issued-documents/issuer.ts';
import { calendarYearAt, noticeHistory, publishHolidayNotice } from './holiday-notices.ts';
import {
  isUniqueViolation,
  keyedRequest,
  keyRow,
  replayOf,
  requestHash,
  storedReplay,
  type KeyedRequest,
} from './idempotency.ts';
import { queryInbox } from './inbox.ts';
import { ReportMemo } from './report-memo.ts';
import { unitReport, type ReportRequest } from './reports.ts';
import { admissionFor, takeLocks, type Admission } from './admission/admission.ts';
import { awardAdmissions } from './admission/award-nomination.ts';
import { branchReviewAdmissions } from './admission/branch-review.ts';
import { yearEndReviewAdmissions } from './admission/year-end-review.ts';
import { LinkDelivery, recordOf } from './link-delivery.ts';
import { readRecordPage, type RecordSubject } from './records.ts';
import type { HistoryRow, InstanceRow, TaskRow } from './rows.ts';
import { buildStep, type AfterCommit, type BuiltStep } from './step-builder.ts';
import { writeStep } from './step-writer.ts';
import { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
import { TaskPaths } from './task-paths.ts';
import { recountStaleTimers } from './timer-recount.ts';
import { SendReads } from './send-reads.ts';
import { Announcer } from './announcer.ts';
import { deliverDueTimers, deliverTimer, type TimerOutcome, type TimerWakeups } from './timer-delivery.ts';
import { historyView, instanceView, taskRows, taskView } from './views.ts';
import { observeCommand, type CommandNote, type RuntimeObserver, type SigningPhase } from './observer.ts';
import { canSee, mayActOn } from './visibility.ts';
import { confirmDelegation, DelegationStore, inForceFor } from '../delegations/delegation-store.ts';

export interface RuntimeDeps {
  db: Database;
  registry: WorkflowRegistry;
  policy?: Record<string, Record<string, unknown>>;
  clock?: Clock;
  log?: (message: string, error?: unknown) => void;
  /** Told of every start, decision and fired timer (metrics). */
  observer?: RuntimeObserver;
  /** Rules across instances, checked in the command's transaction (default: the Union's). */
  admissions?: readonly Admission[];
  /** Which offices may delegate to which (delegation.ts; default Bí thư → Phó Bí thư). */
  delegationPolicy?: unknown;
  /** Concurrent commands' steps in one statement and commit (default: up to 32, waiting ≤ 2 ms). */
  groupCommit?: GroupCommitOptions;
  /** The least time between two announcements to other processes, ms (announcer.ts; default 20). */
  announceGapMs?: number;
}

export const defaultGroupCommit: GroupCommitOptions = { maxWaitMs: 2, maxBatch: 32 };

export type { TimerOutcome, TimerWakeups } from './timer-delivery.ts';

const notFound = (id: string) => new ServerError('NOT_FOUND', `no instance ${id}`, { instanceId: id });

/** A command that keeps losing races on a busy instance gives up with 409 after this many tries. */
const MAX_ATTEMPTS = 8;
/** Thrown inside an admitted transaction to roll it back (a ballot in the box) when the step lost its race. */
const staleAfterAdmission = new Error('the instance moved on after admission: computed again');

/** Thrown inside a signing transaction to roll it back when a serial guessed ahead was not the register's. */
const guessMissed = new Error('a document serial guessed ahead was taken: issued again, serial first');

/** Thrown inside an issuing transaction to roll it back when the instance moved on meanwhile. */
const staleStep = new Error('the instance moved on: the step is computed again');

/** Whether the serials guessed before the transaction held: then the step built with them stands. */
const sameRefs = (a: readonly IssuedDocumentRef[], b: readonly IssuedDocumentRef[]) =>
  a.length === b.length &&
  a.every((ref, index) => ref.number === b[index]!.number && ref.sha256 === b[index]!.sha256);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The WorkflowRuntime on PostgreSQL: one command = one transaction = one write statement. */
export class DurableRuntime implements C.WorkflowRuntime {
  readonly db: Database;
  readonly registry: WorkflowRegistry;
  readonly clock: Clock;
  readonly cache = new DirectoryCache();
  readonly calendars = new CalendarCache();
  readonly taskPaths: TaskPaths;
  readonly hub: ChangeHub;
  /** Delivers the links steps wrote (kicked after commit; the reconciler's sweep is the net). */
  readonly links: LinkDelivery;
  wakeups: TimerWakeups | null = null;
  /** Numbers, renders and stores official documents (set by the hosted runtime). */
  documents: DocumentIssuer | null = null;
  /** Years whose notice changed but whose timers are not all recounted yet (a recount failed). */
  private recountOwed: number[] = [];
  readonly observer: RuntimeObserver | undefined;
  private readonly policy: Record<string, Record<string, unknown>>;
  readonly admissions: readonly Admission[];
  readonly log: (message: string, error?: unknown) => void;
  /** Ủy quyền: stored delegations, read per request so a revocation counts at once. */
  readonly delegations: DelegationStore;
  private readonly delegationPolicy: unknown;
  /** Writes plain commands' steps, several to a statement when they come together. */
  readonly groupCommit: GroupCommit;
  /** Reads the instances of decisions that arrive together, several to a statement. */
  readonly sendReads: SendReads;
  /** Tells other processes of committed changes, several commits to a statement. */
  readonly announcer: Announcer;

  constructor(deps: RuntimeDeps) {
    this.db = deps.db;
    this.registry = deps.registry;
    this.clock = deps.clock ?? { now: () => new Date() };
    this.policy = deps.policy ?? {};
    this.admissions = deps.admissions ?? [
      ...awardAdmissions,
      ...branchReviewAdmissions,
      ...yearEndReviewAdmissions,
    ];
    this.log = deps.log ?? ((message, error) => console.error(`[doanflow] ${message}`, error ?? ''));
    this.observer = deps.observer;
    this.hub = new ChangeHub(deps.db.schema);
    this.taskPaths = new TaskPaths(deps.db, this.cache);
    this.links = new LinkDelivery(this);
    this.delegationPolicy = deps.delegationPolicy;
    this.delegations = new DelegationStore(deps.db, this.cache, this.clock, deps.delegationPolicy);
    this.groupCommit = new GroupCommit(deps.db, deps.groupCommit ?? defaultGroupCommit);
    this.sendReads = new SendReads(deps.db.query);
    this.announcer = new Announcer((messages) => this.sendAnnouncement(messages), deps.announceGapMs);
  }

  /**
   * The same runtime on another clock, scheduling no wake-ups: the demo seed writes its past through
   * it, while this runtime (requests, timers, the reconciler) stays on the real clock.
   */
  async atClock(clock: Clock): Promise<DurableRuntime> {
    const other = new DurableRuntime({
      db: this.db,
      registry: this.registry,
      policy: this.policy,
      clock,
      log: this.log,
      admissions: this.admissions,
      delegationPolicy: this.delegationPolicy,
      groupCommit: { maxWaitMs: 0, maxBatch: 1 },
    });
    other.documents = this.documents;
    await other.cache.load(this.db);
    await other.calendars.load(this.db.query);
    return other;
  }

  async start(
    workflowId: string,
    input: unknown,
    principal: Principal,
    options: { idempotencyKey?: string } = {},
  ): Promise<C.InstanceView> {
    return observeCommand(this.observer, 'start', (note) =>
      this.startUnder(workflowId, input, principal, options, note),
    );
  }

  private startUnder(
    workflowId: string,
    input: unknown,
    principal: Principal,
    options: { idempotencyKey?: string },
    note: CommandNote,
  ): Promise<C.InstanceView> {
    const definition = this.registry.get(workflowId);
    note.workflowId = definition.id;
    return this.calendars.use(async (calendar) => {
      const now = this.clock.now();
      const keyed = keyedRequest(principal, options.idempotencyKey, { op: 'start', workflowId, input });
      const compute = (facts?: Record<string, unknown>) => {
        const result = start(definition, input, {
          principal,
          directory: this.cache.directory,
          clock: { now: () => now },
          ids: { next: () => randomUUID() },
          policy: this.policy[workflowId],
          calendar,
          facts,
        });
        const built = buildStep({ definition, result, previous: null, cache: this.cache });
        return { built, view: this.viewOf(built, principal, now) };
      };
      const admission = admissionFor(this.admissions, definition, '$start');
      // Only an admission reads the input before the engine (which parses it again): no parse otherwise.
      const parsed = admission ? definition.input.safeParse(input) : null;
      const attempt = () =>
        admission && parsed?.success
          ? this.admitted(keyed, now, async (query) => {
              const subject = {
                definition,
                instanceId: null,
                input: parsed.data as Record<string, unknown>,
                context: null,
                payload: null,
              };
              await takeLocks(query, admission.locks(subject));
              return compute(await admission.facts(query, subject));
            })
          : (async () => {
              const { built, view } = compute();
              const written = await this.writeCommand(built, keyed, view, now);
              return written === 'written' ? { view } : written;
            })();
      // A new instance is never stale: 'stale' here is PostgreSQL breaking a deadlock between
      // admissions' locks (isTransactionConflict), nothing written; the start is computed again.
      let outcome = await attempt();
      for (let tries = 1; outcome === 'stale'; tries += 1) {
        if (tries === MAX_ATTEMPTS) {
          throw new ServerError('UNAVAILABLE', 'the start kept meeting conflicting transactions; try again', {
            reason: 'conflict',
          });
        }
        await sleep(tries * (1 + Math.random() * 4));
        outcome = await attempt();
      }
      if ('replay' in outcome) {
        note.outcome = 'replayed';
        return outcome.replay as C.InstanceView;
      }
      return outcome.view;
    });
  }

  /**
   * A command under a rule across instances: locks, facts, engine and write in one transaction
   * (see admission/admission.ts); the effects leave after commit.
   */
  private async admitted(
    keyed: KeyedRequest | null,
    now: Date,
    work: (query: Query) => Promise<{ built: BuiltStep; view: C.InstanceView } | 'stale'>,
  ): Promise<{ view: C.InstanceView } | 'stale' | { replay: unknown }> {
    let built: BuiltStep;
    let view: C.InstanceView;
    try {
      const done = await this.db.transaction(async (query) => {
        const computed = await work(query);
        if (computed === 'stale') return 'stale' as const;
        computed.built.write.idempotency = keyRow(keyed, computed.view, now);
        // Lost the race after the admission wrote (a ballot in the box): roll that back too.
        if (!(await writeStep(query, computed.built.write))) throw staleAfterAdmission;
        return computed;
      });
      if (done === 'stale') return 'stale';
      ({ built, view } = done);
    } catch (error) {
      if (error === staleAfterAdmission || isTransactionConflict(error)) return 'stale';
      const replay = keyed && isUniqueViolation(error) ? await storedReplay(this.db.query, keyed) : null;
      if (replay) return replay;
      throw error;
    }
    await this.afterCommit([built.after], now);
    return { view };
  }

  /**
   * Reads the instance (and the request's Idempotency-Key) without a lock, runs the engine, and
   * writes the step in one statement that checks the revision is unchanged: two round trips. A
   * command that lost a race is computed again on the new state, as a lock would have serialized it.
   */
  send(
    instanceId: string,
    command: C.SendCommand,
    principal: Principal,
    options: C.SendOptions = {},
  ): Promise<C.InstanceView> {
    return observeCommand(this.observer, 'decision', (note) =>
      this.calendars.use(() => this.sendUnder(instanceId, command, principal, options, note)),
    );
  }

  private async sendUnder(
    instanceId: string,
    command: C.SendCommand,
    principal: Principal,
    options: C.SendOptions,
    note: CommandNote,
  ): Promise<C.InstanceView> {
    const request = { op: 'send', instanceId, command, expectedRevision: options.expectedRevision ?? null };
    const asSent = keyedRequest(principal, options.idempotencyKey, request);
    for (let attempt = 1; ; attempt += 1) {
      const now = this.clock.now();
      const row = await this.sendReads.read([
        instanceId,
        asSent?.principal ?? null,
        asSent?.key ?? null,
        principal.kind === 'person' ? principal.personId : null,
        localDate(now),
      ]);
      const delegations = row?.delegations ?? [];
      const keyed = asSent && row?.id ? this.keyedAsStored(asSent, row, request) : asSent;
      note.workflowId = row?.workflow_id ?? 'unknown';
      if (keyed && row?.key_hash != null) {
        note.outcome = 'replayed';
        return replayOf(keyed, { request_hash: row.key_hash, response: row.key_response })
          .replay as C.InstanceView;
      }
      if (!row?.id || !this.visible(principal, row.snapshot, now, undefined, delegations)) {
        throw notFound(instanceId);
      }
      if (options.expectedRevision !== undefined && options.expectedRevision !== row.revision) {
        throw new ServerError('STALE_REVISION', `instance ${instanceId} is at revision ${row.revision}`, {
          currentRevision: row.revision,
          state: row.snapshot.state,
          changes: await changesSince(this.db.query, instanceId, options.expectedRevision, row.revision),
        });
      }
      const attachments = await attachmentRefs(this.db.query, instanceId, principal, command.attachments);
      const definition = this.registry.get(row.workflow_id, row.version);
      const compute = (
        current: InstanceRow,
        facts?: Record<string, unknown>,
        payload: unknown = command.payload,
      ) =>
        applyEvent(
          definition,
          current.snapshot,
          { ...command, payload, attachments, ...(facts ? { facts } : {}) },
          {
            principal,
            directory: this.cache.directory,
            clock: { now: () => now },
            calendar: this.calendars.calendar,
            delegations,
          },
        );
      const admission = admissionFor(this.admissions, definition, command.type);
      let outcome: 'written' | 'stale' | { replay: unknown };
      let view: C.InstanceView | undefined;
      if (admission) {
        // A rule across instances (admission/): locks, facts, engine and write in one transaction.
        const admitted = await this.admitted(keyed, now, async (query) => {
          const subject = {
            definition,
            instanceId,
            input: null,
            context: row.snapshot.machine.context,
            payload: (command.payload ?? {}) as Record<string, unknown>,
          };
          await takeLocks(query, admission.locks(subject));
          // Read again under the lock: the instance as the facts find it.
          const [current] = await query<InstanceRow>('select * from instances where id = $1', [instanceId]);
          if (!current || current.revision !== row.revision) return 'stale';
          const facts = await admission.facts(query, subject);
          let result = compute(current, facts, admission.payload?.(subject) ?? command.payload);
          await confirmDelegation(query, result.entry.actor, now);
          // A decision that issues documents (a signed QĐ) issues them in the same transaction.
          const documents = result.effects.flatMap((effect) =>
            effect.type === 'document.issue' ? [effect.document] : [],
          );
          if (documents.length > 0 && this.documents) {
            const issued = await this.documents.issue(query, {
              instanceId: current.id,
              seq: result.entry.seq,
              at: result.entry.at,
              documents,
            });
            result = { ...result, entry: { ...result.entry, issued } };
          }
          const built = this.build(current, result);
          return { built, view: this.viewOf(built, principal, now, delegations) };
        });
        outcome = admitted === 'stale' || 'replay' in admitted ? admitted : 'written';
        if (admitted !== 'stale' && 'view' in admitted) view = admitted.view;
      } else {
        ({ outcome, view } = await this.writeDecision(row, compute(row), keyed, principal, now, delegations));
      }
      if (outcome === 'written') return view!;
      if (outcome !== 'stale') {
        note.outcome = 'replayed';
        return outcome.replay as C.InstanceView;
      }
      if (attempt === MAX_ATTEMPTS) {
        throw new ServerError('STALE_REVISION', `instance ${instanceId} kept changing; try again`, {
          currentRevision: row.revision + 1,
        });
      }
      await sleep(attempt * (1 + Math.random() * 4));
    }
  }

  /**
   * The Idempotency-Key's request hash leaves out what an admission withholds from the history (a
   * secret ballot's choice): a hash of one of three choices would give the vote away. A retry with
   * the same key is then replayed whatever choice it carries; the first one counted.
   */
  private keyedAsStored(keyed: KeyedRequest, row: InstanceRow, request: { command: C.SendCommand }) {
    const definition = this.registry.get(row.workflow_id, row.version);
    const withholds = admissionFor(this.admissions, definition, request.command.type)?.payload;
    if (!withholds) return keyed;
    const payload = withholds({
      definition,
      instanceId: row.id,
      input: null,
      context: row.snapshot.machine.context,
      payload: (request.command.payload ?? {}) as Record<string, unknown>,
    });
    if (requestHash(payload) === requestHash(request.command.payload ?? {})) return keyed;
    return { ...keyed, hash: requestHash({ ...request, command: { ...request.command, payload } }) };
  }

  bulk(items: C.BulkItem[], principal: Principal): Promise<C.BulkResult[]> {
    return sendEach({ runtime: this, registry: this.registry, log: this.log }, items, principal);
  }

  async get(instanceId: string, principal: Principal): Promise<C.InstanceView> {
    const now = this.clock.now();
    const { row, tasks, delegations } = await this.readVisible(instanceId, principal, now);
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
      delegations,
    });
  }

  async history(instanceId: string, principal: Principal): Promise<C.HistoryView[]> {
    const { row: instance } = await this.readVisible(instanceId, principal, this.clock.now());
    const definition = this.definitionOf(instance.workflow_id, instance.version);
    const rows = await this.db.query<HistoryRow>(
      'select * from history where instance_id = $1 order by seq',
      [instanceId],
    );
    return rows.map((row) => historyView(row, this.cache, definition));
  }

  /** An instance the principal may see, with its definition; NOT_FOUND otherwise (the dossier's door). */
  async visibleInstance(instanceId: string, principal: Principal, now: Date = this.clock.now()) {
    const { row } = await this.readVisible(instanceId, principal, now);
    return { row, definition: this.registry.get(row.workflow_id, row.version) };
  }

  /** The deployment's policy overrides of a workflow (document size limits among them). */
  policyOf(workflowId: string): Record<string, unknown> {
    return this.policy[workflowId] ?? {};
  }

  async inbox(principal: Principal, filter: C.InboxQuery): Promise<C.InboxPage> {
    const empty = { items: [], nextCursor: null, counts: { total: 0, overdue: 0, byWorkflow: {} } };
    if (principal.kind === 'system') return empty;
    const now = this.clock.now();
    const { personId } = principal;
    const day = localDate(now);
    await this.taskPaths.ensureTree(now);
    const own = this.cache.actsFor(personId, now);
    // One statement in the common case: the page, the caller's delegations and whether any row
    // lacks its unit path. The holder's tasks reach a delegate through the lent (role, unit) pairs,
    // marked as such; with pairs lent or paths repaired the page is asked for again.
    let page = await queryInbox(this.db.query, { personId, actsFor: own, day }, filter, now);
    const { delegations } = page;
    const lent = delegatedBindings(this.cache.directory, delegations, personId, day);
    if (page.unsetPaths) await this.taskPaths.repairUnset(now);
    if (page.unsetPaths || lent.length > 0) {
      const actsFor = [...own, ...lent.map((binding): [string, string] => [binding.role, binding.unitId])];
      page = await queryInbox(this.db.query, { personId, actsFor, day }, filter, now);
    }
    const delegatedFrom = (row: TaskRow) => {
      if (lent.length === 0 || mayActOn(personId, row, this.cache, now)) return undefined;
      const binding = lent.find((one) => mayActOn(personId, row, this.cache, now, [one]));
      const delegation = delegations.find((one) => one.id === binding?.delegationId);
      if (!binding || !delegation) return undefined;
      const name = this.cache.personName(binding.onBehalfOf);
      return { personId: binding.onBehalfOf, name, until: delegation.until };
    };
    return {
      items: page.rows.map((row) => {
        const view = taskView(this.definitionOf(row.workflow_id, row.version), row, this.cache, now);
        const from = delegatedFrom(row);
        return from ? { ...view, delegatedFrom: from } : view;
      }),
      nextCursor: page.nextCursor,
      counts: { total: page.total, overdue: page.overdue, byWorkflow: page.byWorkflow },
    };
  }

  private readonly reportMemo = new ReportMemo();

  async report(request: ReportRequest, principal: Principal): Promise<C.UnitReport> {
    const now = this.clock.now();
    await this.cache.load(this.db);
    await this.taskPaths.ensure(now);
    // A province's report reads every instance below it: seconds at 1M, past the per-statement deadline.
    return unitReport(this.db.longRunning.query, this.cache, principal, request, now, this.reportMemo);
  }

  async importDirectory(data: DirectoryData, mode: 'replace' | 'merge') {
    return importDirectory(this, data, mode);
  }

  async directory(): Promise<DirectoryData> {
    await this.cache.load(this.db);
    return this.cache.directory.data;
  }

  /** A year's days off and make-up days as the stored notices have them at `at` (default: now). */
  calendarYear(year: number, at?: Date): Promise<CalendarYear> {
    return calendarYearAt(this, year, at);
  }

  holidayNotices(year: number): Promise<HolidayNotice[]> {
    return noticeHistory(this, year);
  }

  publishHolidayNotice(year: number, notice: unknown, principal: Principal) {
    return publishHolidayNotice(this, year, notice, principal);
  }

  /**
   * Reloads the notices in force when any was loaded since (here or by another process) and counts
   * again the pending timers counted under a year's previous notice. Returns the timers recounted.
   */
  async refreshCalendar(): Promise<number> {
    const years = [...new Set([...this.recountOwed, ...(await this.calendars.load(this.db.query))])];
    if (years.length === 0) return 0;
    // Until the recount has run through, the next refresh (the overdue sweep's) tries it again.
    this.recountOwed = years;
    const recounted = await this.recountTimers(years);
    this.recountOwed = [];
    return recounted;
  }

  /** Recounts every pending timer counted under a notice no longer in force (`years`: only those). */
  async recountTimers(years?: readonly number[]): Promise<number> {
    // Commands begun under the previous notices finish first: their timers are then recounted too.
    await this.calendars.settled();
    return recountStaleTimers(this, this.calendars.calendar, years);
  }

  /** Readiness: resolves when the database answers (throws UNAVAILABLE otherwise). */
  async ping(): Promise<void> {
    await this.db.query('select 1');
  }

  /** A unit's (or person's) record: the facts links delivered to it, all of them (tests, tools). */
  record(subject: { kind: 'unit' | 'person'; id: string }, kind?: string) {
    return recordOf(this.db.query, subject, kind);
  }

  /** A page of a record, for a caller whose scope covers it (404 otherwise). */
  async readRecord(
    subject: RecordSubject,
    principal: Principal,
    query: C.RecordQuery,
  ): Promise<C.RecordPage> {
    await this.cache.load(this.db);
    return readRecordPage(this.db.query, this.cache.directory, principal, subject, query, this.clock.now());
  }

  subscribe(listener: (change: C.ChangeEvent) => void, onMissed?: () => void): () => void {
    return this.hub.subscribe(listener, onMissed);
  }

  async close(): Promise<void> {
    await this.links.settled();
    await this.announcer.sent();
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
      tasksOf(definition, snapshot, this.cache.directory, now, this.calendars.calendar),
      this.cache,
    );
  }

  /** What leaves after commit, for the steps of one command or of a timer batch. */
  async afterCommit(steps: readonly AfterCommit[], now: Date): Promise<void> {
    if (steps.length === 0) return;
    for (const step of steps) this.hub.publish(step.change);
    // Not awaited: a delivered link runs commands of its own, which may link further.
    if (steps.some((step) => step.linked)) this.links.kick();
    // Not awaited either: the announcement feeds other processes' live streams, which are best effort
    // (a crash right after the commit loses it, awaited or not), so an answer need not wait a round
    // trip for it. close() sends what waits and waits for it.
    if (this.db.kind === 'postgresql')
      this.announcer.announce(steps.map((step) => this.hub.message({ change: step.change })));
    await this.wake(steps, now);
  }

  /**
   * Tells other server processes (NOTIFY) after commit, in a statement of its own with asynchronous
   * commit: a NOTIFY inside the command's transaction would hold PostgreSQL's global notify lock
   * through the commit's disk flush and serialize every command. Best effort, like the SSE it feeds;
   * the announcer gathers the changes of commits close in time into one statement (announcer.ts).
   */
  private sendAnnouncement(messages: string[]): Promise<void> {
    return this.db
      .query(
        `select set_config('synchronous_commit', 'off', true),
           (select count(pg_notify($1, message)) from unnest($2::text[]) as message)`,
        [this.hub.channel, messages],
        'doanflow_announce',
      )
      .then(
        () => {},
        (error: unknown) => this.log('could not announce a change to other processes', error),
      );
  }

  private async wake(steps: readonly AfterCommit[], now: Date): Promise<void> {
    if (!this.wakeups) return;
    const cancel = steps.flatMap((step) => step.cancel);
    const schedule = steps.flatMap((step) => step.schedule);
    try {
      // Losing these is harmless: the reconciler re-enqueues from the timer rows. Sent together, one
      // trip: a step never cancels what it schedules (timer ids are not reused), and where a batch's
      // later step cancels an earlier one's timer, a job left behind is refused as not pending.
      await Promise.all([
        cancel.length ? this.wakeups.cancel(cancel) : undefined,
        schedule.length ? this.wakeups.schedule(schedule, now) : undefined,
      ]);
    } catch (error) {
      this.log('could not update timer wake-ups (the reconciler will)', error);
    }
  }

  /** For the runner's own modules (timer delivery): the rows and effects of an engine step. */
  build(row: InstanceRow, result: StepResult): BuiltStep {
    return buildStep({
      definition: this.registry.get(row.workflow_id, row.version),
      result,
      previous: {
        revision: row.revision,
        lastHash: row.last_hash,
        createdAt: row.created_at,
        participantIds: row.participant_ids,
      },
      cache: this.cache,
    });
  }

  private viewOf(
    built: BuiltStep,
    principal: Principal,
    now: Date,
    delegations: readonly Delegation[] = [],
  ): C.InstanceView {
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
      delegations,
    });
  }

  /**
   * A decision's write. One that issues official documents numbers, renders and stores them in the
   * same transaction as the step (issued-documents/issuer.ts): a step that loses its race or fails
   * gives its register numbers back.
   */
  private async writeDecision(
    row: InstanceRow,
    result: StepResult,
    keyed: KeyedRequest | null,
    principal: Principal,
    now: Date,
    delegations: readonly Delegation[],
  ): Promise<{ outcome: 'written' | 'stale' | { replay: unknown }; view?: C.InstanceView }> {
    const documents = result.effects.flatMap((effect) =>
      effect.type === 'document.issue' ? [effect.document] : [],
    );
    if (this.documents && documents.length > 0 && !this.documents.rendersAhead) {
      return this.writeDecisionRenderingUnderLock(row, result, documents, keyed, principal, now, delegations);
    }
    if (documents.length === 0 || !this.documents) {
      const built = this.build(row, result);
      const view = this.viewOf(built, principal, now, delegations);
      return { outcome: await this.writeCommand(built, keyed, view, now, result.entry.actor), view };
    }
    const issuer = this.documents;
    const request = { instanceId: row.id, seq: result.entry.seq, at: result.entry.at, documents };
    // Rendered before the transaction, with the serials the register is expected to give: the
    // register's row is then locked only for the writes and the commit (issuer.ts, register-line.ts).
    const phase = (name: SigningPhase, since: number) =>
      this.observer?.signing?.(name, (performance.now() - since) / 1000);
    let since = performance.now();
    const prepared = await issuer.prepare(this.db.query, request);
    phase('render', since);
    let written: { built: BuiltStep; view: C.InstanceView };
    let committed = false;
    try {
      // The PDFs' digests join the history entry before it is hashed: the chain covers them.
      const stepWith = (issued: readonly IssuedDocumentRef[]) => {
        const built = this.build(row, { ...result, entry: { ...result.entry, issued: [...issued] } });
        return { built, view: this.viewOf(built, principal, now, delegations) };
      };
      const guessedRefs = prepared.refs;
      const guessed = stepWith(guessedRefs);
      since = performance.now();
      await prepared.mayBegin;
      phase('turn', since);
      since = performance.now();
      // Everything before the register's lock, which comes last: the lock is held for one statement
      // and the commit. Written while the step ahead takes the register; the serial waits for its
      // turn. A wrong guess rolls all of it back and issues again, the serial first.
      const guessedWrite = async (query: Query) => {
        await confirmDelegation(query, result.entry.actor, now);
        guessed.built.write.idempotency = keyRow(keyed, guessed.view, now);
        // The PDFs and the step sent back to back, not each after the event loop has seen the one
        // before answered: neither reads what the other writes.
        const [, stepWritten] = await Promise.all([
          issuer.storeAhead(query, request, prepared),
          writeStep(query, guessed.built.write),
        ]);
        if (!stepWritten) throw staleStep;
        await prepared.turn;
        if (!(await issuer.numberLast(query, request, prepared))) throw guessMissed;
        return guessed;
      };
      const drawnFirst = async (query: Query) => {
        await prepared.turn;
        await confirmDelegation(query, result.entry.actor, now);
        const issued = await issuer.issuePrepared(query, request, prepared);
        const step = sameRefs(issued, guessedRefs) ? guessed : stepWith(issued);
        step.built.write.idempotency = keyRow(keyed, step.view, now);
        if (!(await writeStep(query, step.built.write))) throw staleStep;
        return step;
      };
      written = await this.db.transaction(guessedWrite).catch((error: unknown) => {
        if (error !== guessMissed) throw error;
        this.observer?.signingGuessMissed?.();
        return this.db.transaction(drawnFirst);
      });
      phase('transaction', since);
      committed = true;
    } catch (error) {
      if (error === staleStep || isTransactionConflict(error)) return { outcome: 'stale' };
      const replay = keyed && isUniqueViolation(error) ? await storedReplay(this.db.query, keyed) : null;
      if (replay) return { outcome: replay };
      throw error;
    } finally {
      issuer.finish(prepared, committed);
    }
    await this.afterCommit([written.built.after], now);
    return { outcome: 'written', view: written.view };
  }

  /**
   * The former way (DOCUMENT_RENDER_AHEAD=0, for comparison): serial, render and writes all inside
   * the transaction, the register's row locked from the serial to the commit.
   */
  private async writeDecisionRenderingUnderLock(
    row: InstanceRow,
    result: StepResult,
    documents: DocumentModel[],
    keyed: KeyedRequest | null,
    principal: Principal,
    now: Date,
    delegations: readonly Delegation[],
  ): Promise<{ outcome: 'written' | 'stale' | { replay: unknown }; view?: C.InstanceView }> {
    const issuer = this.documents!;
    let written: { built: BuiltStep; view: C.InstanceView };
    const since = performance.now();
    try {
      written = await this.db.transaction(async (query) => {
        await confirmDelegation(query, result.entry.actor, now);
        const issued = await issuer.issue(query, {
          instanceId: row.id,
          seq: result.entry.seq,
          at: result.entry.at,
          documents,
        });
        const built = this.build(row, { ...result, entry: { ...result.entry, issued } });
        const view = this.viewOf(built, principal, now, delegations);
        built.write.idempotency = keyRow(keyed, view, now);
        if (!(await writeStep(query, built.write))) throw staleStep;
        return { built, view };
      });
      // Serial, render and writes: all of it with the register's row locked (waits for it included).
      this.observer?.signing?.('transaction', (performance.now() - since) / 1000);
    } catch (error) {
      if (error === staleStep || isTransactionConflict(error)) return { outcome: 'stale' };
      const replay = keyed && isUniqueViolation(error) ? await storedReplay(this.db.query, keyed) : null;
      if (replay) return { outcome: replay };
      throw error;
    }
    await this.afterCommit([written.built.after], now);
    return { outcome: 'written', view: written.view };
  }

  /**
   * One command's write, in a statement and commit of its own or shared with concurrent commands
   * on other instances (group-commit.ts); then the effects that leave after commit.
   */
  private async writeCommand(
    built: BuiltStep,
    keyed: KeyedRequest | null,
    view: C.InstanceView,
    now: Date,
    actor?: Authority,
  ): Promise<'written' | 'stale' | { replay: unknown }> {
    built.write.idempotency = keyRow(keyed, view, now);
    // An act on a holder's behalf commits only while its delegation holds (confirmDelegation), in a
    // transaction of its own; the others may share a statement and commit (group commit).
    const write = actor?.onBehalfOf
      ? this.db.transaction(async (query) => {
          await confirmDelegation(query, actor, now);
          return writeStep(query, built.write);
        })
      : this.groupCommit.write(built.write);
    try {
      if (!(await write)) return 'stale';
    } catch (error) {
      if (isTransactionConflict(error)) return 'stale';
      // The same key was stored meanwhile by another request (a retry racing its original).
      const replay = keyed && isUniqueViolation(error) ? await storedReplay(this.db.query, keyed) : null;
      if (replay) return replay;
      throw error;
    }
    await this.afterCommit([built.after], now);
    return 'written';
  }

  private visible(
    principal: Principal,
    snapshot: InstanceSnapshot,
    now: Date,
    tasks: TaskRow[] | undefined,
    delegations: readonly Delegation[],
  ): boolean {
    const definition = this.registry.get(snapshot.workflowId, snapshot.version);
    const lent =
      principal.kind === 'person' && delegations.length > 0
        ? delegatedBindings(this.cache.directory, delegations, principal.personId, localDate(now))
        : [];
    return canSee(
      principal,
      definition,
      snapshot,
      // Recomputing the tasks runs the engine: only when the cheaper rules did not decide.
      tasks ?? (() => this.recomputeTasks(snapshot, now)),
      this.cache,
      now,
      lent,
    );
  }

  private async readVisible(instanceId: string, principal: Principal, now: Date) {
    const [row] = await this.db.query<InstanceRow & { tasks: TaskRow[]; delegations: Delegation[] }>(
      `select i.*, coalesce((select json_agg(t order by t.id) from tasks t where t.instance_id = i.id), '[]'::json) as tasks,
         ${inForceFor('$2', '$3')} as delegations
       from instances i where i.id = $1`,
      [instanceId, principal.kind === 'person' ? principal.personId : null, localDate(now)],
    );
    if (!row || !this.visible(principal, row.snapshot, now, row.tasks, row.delegations)) {
      throw notFound(instanceId);
    }
    return { row, tasks: row.tasks, delegations: row.delegations };
  }

  private definitionOf(workflowId: string, version: number) {
    try {
      return this.registry.get(workflowId, version);
    } catch {
      return undefined;
    }
  }
}
