import { vietnamCalendar } from '../calendar/calendar.ts';
import type { ActingForm, AnyWorkflowDefinition } from '../define-workflow.ts';
import { OrgDirectory } from '../directory.ts';
import { demoDirectoryData } from '../demo/directory.ts';
import type { Delegation } from '../delegation.ts';
import type { AttachmentRef, MediaType } from '../documents.ts';
import type { Effect } from '../effects.ts';
import { person, systemPrincipal } from '../permissions.ts';
import { applyEvent, start, type Clock, type StepResult } from '../runtime.ts';
import { allowedEvents } from '../allowed-events.ts';
import type { HistoryEntry, InstanceSnapshot } from '../snapshot.ts';

/** A clock tests move by hand: the engine never reads the real time. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(initial: string) {
    this.current = new Date(initial);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string): void {
    this.current = new Date(instant);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

let attachmentCount = 0;

/**
 * A file as the server would describe it once stored (the engine only sees the description). The
 * digest is made up but well formed; each call gives a new file.
 */
export function testAttachment(
  kind: string,
  name = `${kind}.pdf`,
  mediaType: MediaType = 'application/pdf',
): AttachmentRef {
  attachmentCount += 1;
  const sha256 = attachmentCount.toString(16).padStart(64, 'a');
  return {
    id: `att-${kind}-${attachmentCount}`,
    kind,
    name,
    sha256,
    size: 1024 + attachmentCount,
    mediaType,
  };
}

export const sequentialIds = (prefix = 'wf') => {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
};

/**
 * Drives one instance the way the server does (snapshot in, snapshot out), keeping its history and
 * effects so tests can assert on them and replay them.
 */
export class InstanceDriver {
  readonly definition: AnyWorkflowDefinition;
  readonly clock: ClockLike;
  directory: OrgDirectory;
  /** Delegations in force for the people who act (the server reads them per request). */
  delegations: Delegation[] = [];
  snapshot!: InstanceSnapshot;
  history: HistoryEntry[] = [];
  effects: Effect[] = [];
  last!: StepResult;

  constructor(definition: AnyWorkflowDefinition, options: { now: string; directory?: OrgDirectory }) {
    this.definition = definition;
    this.clock = new ManualClock(options.now);
    this.directory = options.directory ?? new OrgDirectory(demoDirectoryData);
  }

  start(
    personId: string | 'system',
    input: unknown,
    policy?: Record<string, unknown>,
    facts?: Record<string, unknown>,
  ): this {
    const principal = personId === 'system' ? systemPrincipal : person(personId);
    const ids = sequentialIds(this.definition.id);
    this.record(
      start(this.definition, input, {
        principal,
        directory: this.directory,
        clock: this.clock,
        ids,
        policy,
        calendar: vietnamCalendar,
        facts,
      }),
    );
    return this;
  }

  send(
    personId: string,
    type: string,
    payload: unknown = {},
    options: {
      comment?: string;
      acting?: ActingForm;
      attachments?: AttachmentRef[];
      /** What the server would count or read for this event (a round's figures). */
      facts?: Record<string, unknown>;
    } = {},
  ): this {
    this.record(
      applyEvent(
        this.definition,
        this.snapshot,
        { type, payload, ...options },
        {
          principal: person(personId),
          directory: this.directory,
          clock: this.clock,
          calendar: vietnamCalendar,
          delegations: this.delegations,
        },
      ),
    );
    return this;
  }

  /** Delivers a linked fact, as the server's link delivery does (sent by the system). */
  deliverLink(type: string, payload: unknown): this {
    this.record(
      applyEvent(
        this.definition,
        this.snapshot,
        { type, payload },
        {
          principal: systemPrincipal,
          directory: this.directory,
          clock: this.clock,
          calendar: vietnamCalendar,
        },
      ),
    );
    return this;
  }

  /** Moves the clock to a pending timer's due time and delivers it, as the server's worker does. */
  fire(timerName: string): this {
    const timer = this.snapshot.timers.find((t) => t.name === timerName);
    if (!timer) throw new Error(`no pending timer "${timerName}" in ${this.snapshot.state}`);
    // A worker delivers a timer at its due time, or later; time never runs backwards.
    if (timer.due > this.clock.now().toISOString()) this.clock.set(timer.due);
    this.record(
      applyEvent(
        this.definition,
        this.snapshot,
        { type: timer.event.type, payload: timer.event.payload, timerId: timer.id },
        {
          principal: systemPrincipal,
          directory: this.directory,
          clock: this.clock,
          calendar: vietnamCalendar,
        },
      ),
    );
    return this;
  }

  /**
   * Sends an event expecting a refusal; returns it, and fails if the event was accepted or if the
   * stored snapshot changed (a refused event must change nothing).
   */
  refuse(
    personId: string,
    type: string,
    payload: unknown = {},
    options: {
      comment?: string;
      acting?: ActingForm;
      attachments?: AttachmentRef[];
      /** What the server would count or read for this event (a round's figures). */
      facts?: Record<string, unknown>;
    } = {},
  ) {
    const before = JSON.stringify(this.snapshot);
    const result = refusal(() =>
      applyEvent(
        this.definition,
        this.snapshot,
        { type, payload, ...options },
        {
          principal: person(personId),
          directory: this.directory,
          clock: this.clock,
          calendar: vietnamCalendar,
          delegations: this.delegations,
        },
      ),
    );
    if (JSON.stringify(this.snapshot) !== before) throw new Error('a refused event changed the snapshot');
    return result;
  }

  /** The events a person may send now (what a portal shows as buttons). */
  allowed(personId: string): string[] {
    return allowedEvents(
      this.definition,
      this.snapshot,
      person(personId),
      this.directory,
      this.clock.now(),
      vietnamCalendar,
      this.delegations,
    ).map((e) => e.type);
  }

  get state(): string {
    return this.snapshot.state;
  }

  get context(): Record<string, any> {
    return this.snapshot.machine.context;
  }

  private record(result: StepResult) {
    this.last = result;
    this.snapshot = result.snapshot;
    this.history.push(result.entry);
    this.effects.push(...result.effects);
  }
}

type ClockLike = ManualClock;

/** Runs a function expecting a WorkflowError and returns it (fails the test if none is thrown). */
export function refusal(fn: () => unknown): {
  code: string;
  message: string;
  reason?: string;
  details: Record<string, unknown>;
} {
  try {
    fn();
  } catch (error) {
    const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
    if (!e.code) throw error;
    return {
      code: e.code,
      message: e.message ?? '',
      reason: e.details?.['reason'] as string | undefined,
      details: e.details ?? {},
    };
  }
  throw new Error('expected a refusal, but the event was accepted');
}
