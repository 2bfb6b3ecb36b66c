import {
  applyEvent,
  demoDirectoryData,
  isWorkflowError,
  OrgDirectory,
  person,
  start,
  type InstanceSnapshot,
} from '@doanflow/engine';
import { describe, expect, it } from 'vitest';
import { trainingRegistration } from '../src/workflow/index.ts';
import { registration } from './fixtures.ts';

/** The permissions table against the demo directory, through the pure engine (no server). */
const directory = new OrgDirectory(demoDirectoryData);
const clock = { now: () => new Date('2026-03-02T02:00:00.000Z') };
let ids = 0;
const as = (personId: string) => ({ principal: person(personId), directory, clock });
const begin = (personId = 'p-binh', input = registration()) =>
  start(trainingRegistration, input, { ...as(personId), ids: { next: () => `reg-${++ids}` } }).snapshot;
const send = (snapshot: InstanceSnapshot, personId: string, type: string, payload: unknown = {}) =>
  applyEvent(trainingRegistration, snapshot, { type, payload }, as(personId));
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (isWorkflowError(error)) return (error.details as { reason?: string }).reason ?? error.code;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('training registration: who may do what', () => {
  it('is registered by the branch secretary for themself, not for someone else or by another branch', () => {
    expect(begin().state).toBe('registration.baseEndorsement');
    expect(refusal(() => begin('p-binh', registration({ participantId: 'p-an' })))).toBe('guard');
    expect(refusal(() => begin('p-cuong'))).toBe('unit');
    expect(refusal(() => begin('p-lan'))).toBe('role');
  });

  it('is endorsed by the base standing committee above the branch, signed TM.', () => {
    const registered = begin();
    expect(refusal(() => send(registered, 'p-nga', 'ENDORSE'))).toBe('unit');
    expect(refusal(() => send(registered, 'p-binh', 'ENDORSE'))).toBe('role');
    const endorsed = send(registered, 'p-hieu', 'ENDORSE');
    expect(endorsed.snapshot.state).toBe('registration.secretariatConfirmation');
    expect(endorsed.entry.actor).toMatchObject({ personId: 'p-hieu', role: 'baseStanding', acting: 'TM' });
  });

  it("is seated, marked and certified by the organiser's secretariat only", () => {
    const endorsed = send(begin(), 'p-hieu', 'ENDORSE').snapshot;
    expect(refusal(() => send(endorsed, 'p-hieu', 'CONFIRM_SEAT', { seatNumber: 1 }))).toBe('role');
    const seated = send(endorsed, 'p-yen', 'CONFIRM_SEAT', { seatNumber: 7 });
    expect(seated.snapshot.state).toBe('confirmed');
    // Leaving the registration phase cancels both deadline timers.
    expect(seated.effects.filter((effect) => effect.type === 'timer.cancel')).toHaveLength(2);
    const attended = send(seated.snapshot, 'p-yen', 'RECORD_ATTENDANCE').snapshot;
    expect(send(attended, 'p-yen', 'CERTIFY', { certificateNumber: 'GCN-15' }).snapshot.state).toBe(
      'certified',
    );
  });

  it('schedules the deadline and a reminder at start, and lets only the registrant withdraw', () => {
    const started = start(trainingRegistration, registration(), {
      ...as('p-binh'),
      ids: { next: () => 'r' },
    });
    expect(started.snapshot.timers.map((timer) => [timer.name, timer.due])).toEqual([
      ['registrationDeadline', '2026-03-20T16:59:59.000Z'],
      ['deadlineReminder', '2026-03-18T01:00:00.000Z'],
    ]);
    expect(refusal(() => send(started.snapshot, 'p-hieu', 'WITHDRAW'))).toBe('role');
    expect(send(started.snapshot, 'p-binh', 'WITHDRAW').snapshot.state).toBe('withdrawn');
  });
});
