import type {
  BulkResult,
  ChangeEvent,
  HistoryView,
  InboxPage,
  InboxQuery,
  InstanceView,
  RecordPage,
  RecordQuery,
  UnitReport,
} from '@doanflow/client';
import type { ReportRequest } from './reports.ts';
import type { CalendarYear, Command, DirectoryData, HolidayNotice, Principal } from '@doanflow/engine';
import type { DelegationStore } from '../delegations/delegation-store.ts';

/**
 * The contract between the HTTP layer (routes, auth) and the durable runtime (persistence, runner,
 * timers). Routes call only this; the runtime implements it on PostgreSQL and BullMQ.
 */

/** The views callers see: the wire contract's types (@doanflow/client, from its zod schemas). */
export type {
  BulkResult,
  ChangeEvent,
  HistoryView,
  InboxPage,
  InboxQuery,
  InstanceView,
  RecordPage,
  RecordQuery,
  TaskView,
  UnitReport,
} from '@doanflow/client';

export interface SendOptions {
  /** The revision the caller saw; a stale one is refused with 409 and the current revision. */
  expectedRevision?: number;
  /** A retried request with the same key returns the first answer. */
  idempotencyKey?: string;
}

/** What a caller sends to an instance: the engine's command, with uploaded files named by id. */
export interface SendCommand extends Omit<Command, 'attachments' | 'timerId'> {
  /** The caller's own uploads to this instance that this event brings into the dossier. */
  attachments?: readonly string[];
}

export interface BulkItem {
  instanceId: string;
  command: SendCommand;
  expectedRevision?: number;
}

export interface WorkflowRuntime {
  /** The runtime's clock (the demo travels in time): who holds a role "today" is read on it. */
  readonly clock?: { now(): Date };
  start(
    workflowId: string,
    input: unknown,
    principal: Principal,
    options?: { idempotencyKey?: string },
  ): Promise<InstanceView>;
  send(
    instanceId: string,
    command: SendCommand,
    principal: Principal,
    options?: SendOptions,
  ): Promise<InstanceView>;
  bulk(items: BulkItem[], principal: Principal): Promise<BulkResult[]>;
  /** 404 (not 403) for an instance outside the caller's org scope: existence is not leaked. */
  get(instanceId: string, principal: Principal): Promise<InstanceView>;
  history(instanceId: string, principal: Principal): Promise<HistoryView[]>;
  inbox(principal: Principal, query: InboxQuery): Promise<InboxPage>;
  /**
   * A unit's or person's record (the facts links delivered), newest first: for the person, and for
   * officers at the unit (the person's unit) or above; 404 for anyone else, as for no such record.
   * Optional: a runtime that keeps no records (no links) serves no record routes.
   */
  readRecord?(
    subject: { kind: 'unit' | 'person'; id: string },
    principal: Principal,
    query: RecordQuery,
  ): Promise<RecordPage>;
  /** Replaces or extends the directory (effective-dated records); recomputes open tasks. */
  importDirectory(
    data: DirectoryData,
    mode: 'replace' | 'merge',
  ): Promise<{ units: number; people: number; bindings: number; tasksRerouted: number }>;
  directory(): Promise<DirectoryData>;
  /**
   * A year's days off and make-up working days: the notice in force at `at` (default now), with the
   * holidays it leaves out (all of them for a year without one) estimated from the law, provisional.
   */
  calendarYear(year: number, at?: Date): Promise<CalendarYear>;
  /** Every version of a year's notice, oldest first. */
  holidayNotices(year: number): Promise<HolidayNotice[]>;
  /**
   * Stores a year's notice as its next version (INVALID_CALENDAR when it is not valid: nothing is
   * written) and recounts the pending working-day timers counted under the previous one.
   */
  publishHolidayNotice(
    year: number,
    notice: unknown,
    principal: Principal,
  ): Promise<{ calendar: CalendarYear; timersRecounted: number }>;
  /** Ủy quyền, where the runtime stores them (the durable runtime): POST/GET /delegations. */
  readonly delegations?: DelegationStore;
  /**
   * A unit's report for a period (GET /reports/units/:unitId): FORBIDDEN unless the caller holds an
   * office at the unit or above it. Optional: a runtime without it serves no reports.
   */
  report?(request: ReportRequest, principal: Principal): Promise<UnitReport>;
  /**
   * Subscribe to changes; returns an unsubscribe function. `onMissed` runs when changes may have
   * been missed (another process's, while the connection that carries them was away).
   */
  subscribe(listener: (change: ChangeEvent) => void, onMissed?: () => void): () => void;
  close(): Promise<void>;
  /**
   * Added by the HTTP layer for GET /ready: one cheap round trip to the database; rejects when it is
   * down. Optional: without it, /ready falls back to reading the directory.
   */
  ping?(): Promise<void>;
  /**
   * GET /ready's checks when the runtime offers them (the hosted runtime: PostgreSQL takes a write,
   * the timer worker runs); otherwise /ready uses `ping`.
   */
  readiness?(): Promise<ReadinessReport>;
}

/** Each check "ok" or what is wrong ("read-only", "unavailable", "stopped", …). */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, string>;
}

/** Webhook registrations (added by the HTTP layer; the runtime backs them with PostgreSQL). */
export type { NewWebhook, WebhookStore, WebhookSubscription } from '../webhooks/store.ts';
