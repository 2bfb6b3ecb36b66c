import { demoDirectoryData } from '../../demo/directory.ts';
import { OrgDirectory } from '../../directory.ts';
import { InstanceDriver, testAttachment } from '../../testing/harness.ts';
import { branchReview } from './index.ts';

/**
 * Test fixtures: the demo province plus three officers the permission tests need — a commune
 * standing committee member who lives in thôn 2, a city standing committee member who sits on
 * thôn 2's branch committee, and a central standing committee member (the wrong level).
 */
export const reviewDirectory = new OrgDirectory({
  ...demoDirectoryData,
  people: [
    ...demoDirectoryData.people,
    { id: 'p-linh', name: 'Trịnh Thùy Linh', memberOf: 'cd-thon2' },
    { id: 'p-phuc', name: 'Đinh Văn Phúc', memberOf: null },
    { id: 'p-khoa', name: 'Tạ Đăng Khoa', memberOf: null },
  ],
  bindings: [
    ...demoDirectoryData.bindings,
    { personId: 'p-linh', role: 'baseStanding', unitId: 'tradoc', validFrom: '2000-01-01' },
    { personId: 'p-phuc', role: 'upperStanding', unitId: 'dn', validFrom: '2000-01-01' },
    { personId: 'p-phuc', role: 'branchCommittee', unitId: 'cd-thon2', validFrom: '2000-01-01' },
    { personId: 'p-khoa', role: 'upperStanding', unitId: 'tw', validFrom: '2000-01-01' },
  ],
});

/** Chi đoàn thôn 2 (Đoàn xã Trà Đốc, under Thành đoàn Đà Nẵng), review year 2026. */
export const thon2Review2026 = { branchId: 'cd-thon2', year: 2026, baseId: 'tradoc' };

export const cadre = {
  name: 'Trần Thị Bình',
  personId: 'p-binh',
  position: 'secretary',
  since: '2024-03-26',
};
export const youthProject = {
  name: 'Tuyến đường thanh niên tự quản thôn 2',
  kind: 'project',
  startedOn: '2026-03-26',
  description: 'Trồng hoa, thắp sáng 800 m đường liên thôn',
};
export const meetingOn = (heldOn: string) => ({
  heldOn,
  topic: 'Sinh hoạt chi đoàn định kỳ',
  attendees: 14,
  minutesRef: `BB-${heldOn}`,
});

/** 09:00 in Vietnam on a local date. */
export const nineAm = (date: string) => `${date}T02:00:00.000Z`;

/** The scanned, signed biên bản of the base standing committee's meeting, sent with its proposal. */
export const withMeetingRecord = (options: { comment?: string } = {}) => ({
  ...options,
  attachments: [testAttachment('meetingRecord', 'Biên bản họp Ban Thường vụ.pdf')],
});

/** Logs a meeting on the 10th of each month given, entered on the 12th, as Bí thư Trần Thị Bình would. */
export function logMonthlyMeetings(d: InstanceDriver, months: number[], year = 2026): InstanceDriver {
  for (const month of months) {
    const mm = String(month).padStart(2, '0');
    d.clock.set(nineAm(`${year}-${mm}-12`));
    d.send('p-binh', 'LOG_MEETING', meetingOn(`${year}-${mm}-10`));
  }
  return d;
}

/** A year of "3 có": the cadre, the youth project, and meetings in the months given (default Jan–Oct). */
export function evidenceTheYear(d: InstanceDriver, months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]): InstanceDriver {
  d.send('p-binh', 'RECORD_CADRE', cadre);
  logMonthlyMeetings(d, months);
  return d.send('p-binh', 'LOG_YOUTH_PROJECT', youthProject);
}

/** A review opened by the base secretary on the given instant, with policy overrides. */
export function openReview(
  now: string,
  options: { input?: object; policy?: Record<string, unknown>; opener?: string } = {},
): InstanceDriver {
  return new InstanceDriver(branchReview, { now, directory: reviewDirectory }).start(
    options.opener ?? 'p-hieu',
    options.input ?? thon2Review2026,
    options.policy,
  );
}

export const whoActs = (d: InstanceDriver) =>
  d.last.tasks.map((task) => `${task.role}@${task.unitId ?? task.personId}`).sort();

export const timerDues = (d: InstanceDriver) =>
  Object.fromEntries(d.snapshot.timers.map((timer) => [timer.name, timer.due]));
