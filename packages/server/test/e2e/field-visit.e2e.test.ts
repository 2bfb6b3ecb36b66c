import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditInstance, fireTimer, openServer, TestClock, timerRows, type E2eServer } from './support.ts';

const morning = (date: string) => `${date}T02:00:00.000Z`;
const clock = new TestClock(morning('2026-04-01'));
let server: E2eServer;

beforeAll(async () => {
  server = await openServer('fieldvisit', { clock });
});
afterAll(async () => server?.close());

const q2Plan = {
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
const report = (evaluatedWithHostOn: string) => ({
  evaluatedWithHostOn,
  results: 'Chi đoàn tổ chức sinh hoạt đúng nội dung, 18/20 đoàn viên tham dự',
  lessons: 'Cần chuẩn bị tài liệu sinh hoạt sớm hơn',
});
const whoActs = (view: { tasks: { role: string; unitId: string | null; personId: string | null }[] }) =>
  view.tasks.map((task) => `${task.role}@${task.unitId ?? task.personId}`).sort();

describe('đi cơ sở ("1+2") over HTTP, on PostgreSQL and BullMQ', () => {
  let id: string;

  it('the head of department opens the year; the plan reminder fires through BullMQ; the plan is approved', async () => {
    const { http } = server;
    const opened = await http.started('p-tuan', 'field-visit', {
      cadreId: 'p-quy',
      unitId: 'dn',
      year: 2026,
    });
    id = opened.id;
    expect(opened.state).toBe('year.quarter.planning');
    expect(Object.fromEntries(opened.timers.map((timer) => [timer.name, timer.due]))).toMatchObject({
      yearEnd: '2026-12-31T17:00:00.000Z',
      planReminder: '2026-04-10T17:00:00.000Z',
      planEscalation: '2026-04-15T17:00:00.000Z',
    });
    expect(opened.tasks).toEqual([
      expect.objectContaining({ role: 'cadre', personId: 'p-quy', events: ['SUBMIT_PLAN'] }),
    ]);
    // The cadre finds the year in his inbox.
    expect((await http.inbox('p-quy')).body.items.map((item) => item.instanceId)).toEqual([id]);

    await fireTimer(server, id, 'planReminder');
    expect((await http.historyTypes('p-quy', id)).at(-1)).toBe('PLAN_REMINDER');

    clock.set(morning('2026-04-13'));
    const submitted = await http.sent('p-quy', id, 'SUBMIT_PLAN', q2Plan);
    expect(submitted.state).toBe('year.quarter.headReview');
    expect(submitted.timers.map((timer) => timer.name)).toEqual(['yearEnd']);
    expect(whoActs(submitted)).toEqual(['departmentHead@dn']);
    await http.sent('p-tuan', id, 'APPROVE_PLAN', undefined, { comment: 'Nội dung phù hợp chủ đề năm' });
    const ordered = await http.sent('p-ha', id, 'ISSUE_TRAVEL_ORDER', {
      orderNumber: '15-QĐ/TĐTN',
      issuedOn: '2026-04-13',
    });
    expect(ordered.state).toBe('year.quarter.trip.scheduled');
    expect(whoActs(ordered)).toEqual(['cadre@p-quy', 'host@tradoc']);
  });

  it('runs the first trip "đi trước, về sau"; the report comes late (timer) and is accepted', async () => {
    const { http } = server;
    await http.sent('p-hieu', id, 'HOST_CONFIRM');
    clock.set(morning('2026-04-17'));
    await http.sent('p-quy', id, 'LOG_PREPARATION', {
      visitedOn: '2026-04-17',
      notes: 'Thống nhất nội dung sinh hoạt',
    });
    clock.set(morning('2026-04-21'));
    await http.sent('p-quy', id, 'START_VISIT', { arrivedOn: '2026-04-21' });
    clock.set(morning('2026-04-24'));
    const ended = await http.sent('p-quy', id, 'END_VISIT', { lastDay: '2026-04-24' });
    expect(ended.state).toBe('year.quarter.trip.reporting');
    // v2: "trong 10 ngày" means 10 calendar days after Friday 24/4 (the policy may say working days).
    expect(ended.timers).toContainEqual(
      expect.objectContaining({ name: 'reportDue', kind: 'deadline', due: '2026-05-04T16:59:59.999Z' }),
    );

    await fireTimer(server, id, 'reportDue');
    expect((await http.get('p-tuan', id)).body.summary['lateReports']).toBe(1);
    clock.set(morning('2026-05-14'));
    await http.sent('p-quy', id, 'SUBMIT_REPORT', report('2026-04-27'));
    const accepted = await http.sent('p-tuan', id, 'ACCEPT_REPORT', { quality: 'good' });
    expect(accepted.summary['creditedDays']).toBe(5);
    expect(accepted.state).toBe('year.quarter.trip.scheduled');
    expect(whoActs(accepted)).toEqual(['cadre@p-quy', 'host@tramy']);
  });

  it('finishes the quarter with the second trip; quarter III opens when its timer fires', async () => {
    const { http } = server;
    await http.sent('p-minh', id, 'HOST_CONFIRM');
    await http.sent('p-quy', id, 'LOG_PREPARATION', {
      visitedOn: '2026-05-08',
      notes: 'Làm việc với Bí thư Đoàn xã',
    });
    clock.set(morning('2026-05-15'));
    await http.sent('p-quy', id, 'START_VISIT', { arrivedOn: '2026-05-12' });
    await http.sent('p-quy', id, 'END_VISIT', { lastDay: '2026-05-15' });
    clock.set(morning('2026-05-20'));
    await http.sent('p-quy', id, 'SUBMIT_REPORT', report('2026-05-20'));
    const done = await http.sent('p-tuan', id, 'ACCEPT_REPORT', { quality: 'fair' });
    expect(done.state).toBe('year.awaitingQuarter');
    expect(done.summary['creditedDays']).toBe(10);
    expect(done.timers).toContainEqual(
      expect.objectContaining({ name: 'quarterStart', due: '2026-06-30T17:00:00.000Z' }),
    );

    await fireTimer(server, id, 'quarterStart');
    const q3 = await http.get('p-quy', id);
    expect(q3.body.state).toBe('year.quarter.planning');
    expect(q3.body.timers).toContainEqual(
      expect.objectContaining({ name: 'planReminder', due: '2026-07-10T17:00:00.000Z' }),
    );
    expect(q3.body.summary).toMatchObject({ creditedDays: 10, lateReports: 1 });

    const history = (await http.history('p-tuan', id)).body.items;
    expect(history.filter((entry) => entry.actor.role === 'system').map((entry) => entry.type)).toEqual([
      'PLAN_REMINDER',
      'REPORT_OVERDUE',
      'QUARTER_OPENED',
    ]);
    expect(history.find((entry) => entry.type === 'ISSUE_TRAVEL_ORDER')).toMatchObject({
      actor: { personId: 'p-ha', role: 'standingSecretary' },
      acting: 'TM',
    });
    const rows = await timerRows(server.runtime, id);
    expect(rows.filter((timer) => timer.status === 'fired').map((timer) => timer.name)).toEqual([
      'planReminder',
      'reportDue',
      'quarterStart',
    ]);
    expect(
      rows
        .filter((timer) => timer.status === 'pending')
        .map((timer) => timer.name)
        .sort(),
    ).toEqual(['planEscalation', 'planReminder', 'yearEnd']);
    const audit = await auditInstance(server.runtime, id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
  });
});
