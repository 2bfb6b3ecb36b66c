import { demoDirectoryData } from '../../demo/directory.ts';
import { OrgDirectory } from '../../directory.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { fieldVisit } from './index.ts';

/**
 * The demo province plus the officers a field-visit year needs on both sides of a conflict of
 * interest: a deputy head of department and a deputy secretary at the city union (who sign "KT."
 * when their superior is the cadre), a second cadre, and officers of the central union (the right
 * roles at the wrong unit).
 */
const always = '2000-01-01';
export const directory = new OrgDirectory({
  ...demoDirectoryData,
  people: [
    ...demoDirectoryData.people,
    { id: 'p-loc', name: 'Lê Văn Lộc', memberOf: null },
    { id: 'p-phuc', name: 'Trần Hữu Phúc', memberOf: null },
    { id: 'p-mai', name: 'Nguyễn Thị Mai', memberOf: null },
    { id: 'p-dat', name: 'Hoàng Quốc Đạt', memberOf: null },
  ],
  bindings: [
    ...demoDirectoryData.bindings,
    { personId: 'p-loc', role: 'departmentHead', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-phuc', role: 'standingSecretary', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-mai', role: 'cadre', unitId: 'dn', validFrom: always },
    { personId: 'p-tuan', role: 'cadre', unitId: 'dn', validFrom: always },
    { personId: 'p-dat', role: 'departmentHead', unitId: 'tw', validFrom: always },
    { personId: 'p-dat', role: 'standingSecretary', unitId: 'tw', validFrom: always },
  ],
});

/** Wednesday 1 April 2026, 09:00 in Vietnam: the first day of Q2. */
export const q2Opens = '2026-04-01T02:00:00.000Z';

/** Vietnam local 09:00 on a date, as the instant an officer acts. */
export const morning = (date: string) => `${date}T02:00:00.000Z`;

/** Two visits in Q2 2026: a branch meeting at Trà Đốc, then a thematic survey at Trà My. */
export const q2Plan = {
  items: [
    {
      hostUnitId: 'tramy',
      from: '2026-05-12',
      to: '2026-05-15',
      content: 'thematicSurvey',
      purpose: 'Khảo sát sinh hoạt chi đoàn khu dân cư sau sáp nhập',
    },
    {
      hostUnitId: 'tradoc',
      from: '2026-04-21',
      to: '2026-04-24',
      content: 'branchMeeting',
      purpose: 'Dự sinh hoạt chi đoàn thôn 2, hướng dẫn mô hình "3 có"',
    },
  ],
};

export const report = {
  evaluatedWithHostOn: '2026-04-27',
  results: 'Chi đoàn tổ chức sinh hoạt đúng nội dung, 18/20 đoàn viên tham dự',
  lessons: 'Cần chuẩn bị tài liệu sinh hoạt sớm hơn',
};

/** A year for `cadreId` at the city union, opened by the head of department on 1 April 2026. */
export function openYear(cadreId = 'p-quy', policy?: Record<string, unknown>): InstanceDriver {
  return new InstanceDriver(fieldVisit, { now: q2Opens, directory }).start(
    'p-tuan',
    { cadreId, unitId: 'dn', year: 2026 },
    policy,
  );
}

/** The head of department and standing secretary who may decide for this cadre (not the cadre). */
export const deciders = (cadreId: string) => ({
  head: cadreId === 'p-tuan' ? 'p-loc' : 'p-tuan',
  standing: cadreId === 'p-ha' ? 'p-phuc' : 'p-ha',
});

/** Walks a Q2 year to a named state with the first trip (Trà Đốc, 21–24 April) active. */
export function reach(state: string, cadreId = 'p-quy'): InstanceDriver {
  const { head, standing } = deciders(cadreId);
  const d = openYear(cadreId);
  const steps: [string, () => void][] = [
    ['planning', () => {}],
    ['headReview', () => d.send(cadreId, 'SUBMIT_PLAN', q2Plan)],
    ['standingApproval', () => d.send(head, 'APPROVE_PLAN')],
    [
      'scheduled',
      () => {
        d.clock.set(morning('2026-04-08'));
        d.send(standing, 'ISSUE_TRAVEL_ORDER', { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-08' });
      },
    ],
    ['hostConfirmed', () => d.send('p-hieu', 'HOST_CONFIRM')],
    [
      'preparing',
      () => {
        d.clock.set(morning('2026-04-17'));
        d.send(cadreId, 'LOG_PREPARATION', { visitedOn: '2026-04-17', notes: 'Thống nhất nội dung' });
      },
    ],
    [
      'onSite',
      () => {
        d.clock.set(morning('2026-04-21'));
        d.send(cadreId, 'START_VISIT', { arrivedOn: '2026-04-21' });
      },
    ],
    [
      'reporting',
      () => {
        d.clock.set(morning('2026-04-24'));
        d.send(cadreId, 'END_VISIT', { lastDay: '2026-04-24' });
      },
    ],
    [
      'reportReview',
      () => {
        d.clock.set(morning('2026-04-28'));
        d.send(cadreId, 'SUBMIT_REPORT', report);
      },
    ],
  ];
  for (const [name, act] of steps) {
    act();
    if (name === state) return d;
  }
  throw new Error(`cannot reach ${state}`);
}
