import { OrgDirectory } from '@doanflow/engine';
import { InstanceDriver, permissionMatrix, refusal } from '@doanflow/engine/testing';
import { describe, expect, it } from 'vitest';
import { hostDirectory } from '../src/directory.ts';
import { trainingRegistration } from '../src/workflow/index.ts';
import { registration } from './fixtures.ts';

/**
 * The permissions table through the pure engine (no server), with the testing helpers the Union's
 * workflows use. p-binh Bí thư Chi đoàn thôn 2 (the registrant), p-an a member there, p-cuong Bí thư
 * of another branch, p-hieu Bí thư Đoàn xã Trà Đốc (above the branch), p-nga of another base,
 * p-yen Văn phòng Thành đoàn, p-tuan its course officer (this workflow's own role).
 */
const directory = new OrgDirectory(hostDirectory);
const people = ['p-binh', 'p-an', 'p-cuong', 'p-hieu', 'p-nga', 'p-yen', 'p-tuan'];
const registered = (personId = 'p-binh', input = registration()) =>
  new InstanceDriver(trainingRegistration, { now: '2026-03-02T02:00:00.000Z', directory }).start(
    personId,
    input,
  );

describe('training registration: who may do what', () => {
  it('is registered by the branch secretary for themself, not for someone else or by another branch', () => {
    expect(registered().state).toBe('registration.baseEndorsement');
    const refused = (personId: string, input = registration()) =>
      refusal(() => registered(personId, input)).reason;
    expect(refused('p-binh', registration({ participantId: 'p-an' }))).toBe('guard');
    expect(refused('p-cuong')).toBe('unit');
    expect(refused('p-lan')).toBe('role');
  });

  it('is endorsed by the base standing committee above the branch, signed TM.', () => {
    const d = registered();
    expect(permissionMatrix(d, people, ['ENDORSE', 'DECLINE', 'WITHDRAW'])).toEqual({
      ENDORSE: { 'p-hieu': ['TM'] },
      DECLINE: { 'p-hieu': ['TM'] },
      WITHDRAW: { 'p-binh': ['self'] },
    });
    d.send('p-hieu', 'ENDORSE');
    expect(d.state).toBe('registration.secretariatConfirmation');
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-hieu', role: 'baseStanding', acting: 'TM' });
  });

  it("is seated by the organiser's secretariat, then marked and certified by its course officer", () => {
    const d = registered().send('p-hieu', 'ENDORSE');
    expect(permissionMatrix(d, people, ['CONFIRM_SEAT', 'WAITLIST', 'REFUSE'])).toEqual({
      CONFIRM_SEAT: { 'p-yen': ['self'] },
      WAITLIST: { 'p-yen': ['self'] },
      REFUSE: { 'p-yen': ['self'] },
    });
    // A seat the course does not have (60 seats) is refused, and nothing changes.
    expect(d.refuse('p-yen', 'CONFIRM_SEAT', { seatNumber: 61 }).code).toBe('EVENT_NOT_ALLOWED');
    d.send('p-yen', 'CONFIRM_SEAT', { seatNumber: 7 });
    expect(d.state).toBe('confirmed');
    // Leaving the registration phase cancels both deadline timers.
    expect(d.last.effects.filter((effect) => effect.type === 'timer.cancel')).toHaveLength(2);
    expect(permissionMatrix(d, people, ['RECORD_ATTENDANCE', 'MARK_ABSENT'])).toEqual({
      RECORD_ATTENDANCE: { 'p-tuan': ['self'] },
      MARK_ABSENT: { 'p-tuan': ['self'] },
    });
    expect(d.refuse('p-yen', 'RECORD_ATTENDANCE').details).toMatchObject({ reason: 'role' });
    d.send('p-tuan', 'RECORD_ATTENDANCE');
    d.send('p-tuan', 'CERTIFY', { certificateNumber: 'GCN-15' });
    expect(d.state).toBe('certified');
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-tuan', role: 'courseOfficer' });
  });

  it('schedules the deadline and a reminder at start, and lets only the registrant withdraw', () => {
    const d = registered();
    expect(d.snapshot.timers.map((timer) => [timer.name, timer.due])).toEqual([
      ['registrationDeadline', '2026-03-20T16:59:59.000Z'],
      ['deadlineReminder', '2026-03-18T01:00:00.000Z'],
    ]);
    expect(d.refuse('p-hieu', 'WITHDRAW').details).toMatchObject({ reason: 'role' });
    expect(d.send('p-binh', 'WITHDRAW').state).toBe('withdrawn');
  });
});
