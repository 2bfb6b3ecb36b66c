import { describe, expect, it } from 'vitest';
import { vietnamCalendar, type WorkingCalendar } from './calendar/calendar.ts';
import { checkHolidayNotice, type HolidayNotice } from './calendar/notice.ts';
import { recountTimers } from './recount-timers.ts';
import { replay } from './runtime.ts';
import { InstanceDriver } from './testing/harness.ts';
import { memberTransfer } from './workflows/member-transfer/index.ts';

// A made-up notice for 2027 (none is published yet): Tết off from Thursday 4/2 to Wednesday 10/2,
// a day earlier than the statutory estimate (Friday 5/2 to Thursday 11/2).
const tet2027: HolidayNotice = {
  year: 2027,
  version: 1,
  issuedOn: null,
  note: null,
  effectiveFrom: '2026-11-20T03:00:00.000Z',
  ...checkHolidayNotice(
    2027,
    {
      reference: 'Thông báo thử nghiệm',
      holidays: [
        {
          key: 'lunarNewYear',
          daysOff: ['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-08', '2027-02-09', '2027-02-10'],
        },
      ],
    },
    [0, 6],
  ),
};
const published: WorkingCalendar = { ...vietnamCalendar, notices: [tet2027] };

/** A transfer presented at the destination on Monday 1/2/2027, which must answer in 3 working days. */
function presented() {
  const d = new InstanceDriver(memberTransfer, { now: '2027-02-01T02:00:00.000Z' }).start(
    'p-an',
    {
      memberId: 'p-an',
      kind: 'permanent',
      sourceBranchId: 'cd-thon2',
      destinationBaseId: 'hoachau',
      reason: 'Chuyển nơi làm việc',
    },
    { destinationResponseWorkingDays: 3 },
  );
  d.send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', {
    duesPaidThrough: '2027-01',
    memberBookComment: 'Tốt',
  });
  d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '1/GGT', issuedOn: '2027-02-01' });
  return d.send('p-an', 'PRESENT_REFERRAL');
}

describe('recounting working-day timers when a notice arrives', () => {
  it('records a due time counted under the statutory estimate as provisional', () => {
    const d = presented();
    const timer = d.snapshot.timers.find((t) => t.name === 'destinationResponse')!;
    expect(timer).toMatchObject({
      due: '2027-02-04T02:00:00.000Z', // 2, 3, 4 February
      calendar: {
        from: '2027-02-01T02:00:00.000Z',
        workingDays: 3,
        versions: { '2027': 0 },
        provisional: true,
      },
    });
    expect(recountTimers(d.snapshot, vietnamCalendar)).toBeNull();
  });

  it('counts it again under the notice, and replay under the notice gives the same snapshot', () => {
    const d = presented();
    const result = recountTimers(d.snapshot, published)!;
    expect(result.recounted).toEqual([expect.objectContaining({ previousDue: '2027-02-04T02:00:00.000Z' })]);
    const timer = result.snapshot.timers.find((t) => t.name === 'destinationResponse')!;
    // 2, 3 February, then Tết from the 4th: the 11th.
    expect(timer.due).toBe('2027-02-11T02:00:00.000Z');
    expect(timer.calendar).toMatchObject({ versions: { '2027': 1 } });
    expect(replay(memberTransfer, d.snapshot.instanceId, d.history, published)).toEqual(result.snapshot);
    expect(recountTimers(result.snapshot, published)).toBeNull();
  });

  it('leaves timers counted in calendar days alone', () => {
    const d = new InstanceDriver(memberTransfer, { now: '2027-02-01T02:00:00.000Z' }).start('p-an', {
      memberId: 'p-an',
      kind: 'permanent',
      sourceBranchId: 'cd-thon2',
      destinationBaseId: 'hoachau',
      reason: 'x',
    });
    d.send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', {
      duesPaidThrough: '2027-01',
      memberBookComment: 'Tốt',
    });
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '1/GGT', issuedOn: '2027-02-01' });
    expect(d.snapshot.timers.map((t) => [t.name, t.calendar])).toEqual([['referralValidity', undefined]]);
    expect(recountTimers(d.snapshot, published)).toBeNull();
  });
});
