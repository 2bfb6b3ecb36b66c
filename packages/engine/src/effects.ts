import type { DocumentModel } from './official-documents/model.ts';
import {
  addDays,
  addHours,
  countWorkingDays,
  type CalendarBasis,
  type Instant,
  type WorkingCalendar,
} from './calendar/calendar.ts';
import { linkActions, type LinkEffect } from './links.ts';

/**
 * Durable timers and notifications are effects: a machine asks for them with the actions below,
 * the runtime turns the requests into `timer.schedule` / `timer.cancel` / `notify` effects, and the
 * server carries them out after commit. A fired timer comes back as an ordinary event.
 */
export type TimerKind = 'deadline' | 'reminder' | 'escalation' | 'expiry';

export type DueSpec =
  | { workingDays: number; from?: Instant }
  | { days: number; from?: Instant }
  | { hours: number; from?: Instant }
  | { at: Instant };

export interface TimerRequest {
  /** Unique among the instance's pending timers; scheduling the same name replaces it. */
  name: string;
  kind: TimerKind;
  due: DueSpec;
  /** The event delivered when the timer fires (a `timer: true` event of the workflow). */
  event: { type: string; payload?: Record<string, unknown> };
}

export interface NotifyRequest {
  /** Message key, resolved to text by the portal or webhook receiver. */
  message: string;
  /** A role at one of the instance's units (by key), or the instance's subject person. */
  to: { role: string; of: string; at?: 'own' | 'levelAbove' } | { subject: true };
  data?: Record<string, unknown>;
}

export interface PendingTimer {
  id: string;
  name: string;
  kind: TimerKind;
  due: Instant;
  event: { type: string; payload: Record<string, unknown> };
  /**
   * For a due time counted in working days: what it was counted from, and under which holiday
   * notices (provisional when a year had none), so it can be counted again when one arrives.
   */
  calendar?: WorkingDayCount;
}

export interface WorkingDayCount extends CalendarBasis {
  from: Instant;
  workingDays: number;
}

export type Effect =
  | { type: 'timer.schedule'; timer: PendingTimer }
  | { type: 'timer.cancel'; timerId: string; name: string }
  | {
      type: 'notify';
      message: string;
      /** A role at a unit (or at the level above it, resolved by the server), or one person. */
      to: { role: string; unitId: string | null; at: 'own' | 'levelAbove' } | { personId: string | null };
      data: Record<string, unknown>;
    }
  | { type: 'instance.finished'; state: string }
  /** A fact for another unit's (or person's) record and its open instances (links.ts). */
  | ({ type: 'link' } & LinkEffect)
  /** A signing decision issued an official document: the server numbers, renders and stores it. */
  | { type: 'document.issue'; document: DocumentModel };

/**
 * Action implementations to spread into a machine's `setup({ actions })`. They do nothing when run:
 * the runtime reads the requests from XState's pure `transition` output instead.
 */
export const effectActions = {
  scheduleTimer: (_: unknown, _request: TimerRequest) => {},
  cancelTimer: (_: unknown, _request: { name: string }) => {},
  notify: (_: unknown, _request: NotifyRequest) => {},
  ...linkActions,
};

/** A timer's due time; counted in working days, with the count's basis. */
export function resolveDue(
  spec: DueSpec,
  now: Instant,
  calendar: WorkingCalendar,
): { due: Instant; calendar?: WorkingDayCount } {
  if ('at' in spec) return { due: new Date(spec.at).toISOString() };
  const from = new Date(spec.from ?? now).toISOString();
  if ('workingDays' in spec) {
    const { due, basis } = countWorkingDays(calendar, from, spec.workingDays);
    return { due, calendar: { from, workingDays: spec.workingDays, ...basis } };
  }
  if ('days' in spec) return { due: addDays(from, spec.days) };
  return { due: addHours(from, spec.hours) };
}
