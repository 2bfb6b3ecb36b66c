import { describe, expect, it } from 'vitest';
import type { Effect } from '../../effects.ts';
import { refusal } from '../../testing/harness.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { directory, morning, openYear, q2Opens, reach, report } from './fixtures.ts';
import { fieldVisit } from './index.ts';

const scheduled = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'timer.schedule' ? [`${e.timer.name}@${e.timer.due}`] : []));
const cancelled = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'timer.cancel' ? [e.name] : []));
const pending = (d: InstanceDriver) => d.snapshot.timers.map((t) => t.name).sort();

describe('field visit timers', () => {
  it('opening the year schedules the year end and the quarter plan reminder and escalation', () => {
    const d = openYear();
    expect(scheduled(d.last.effects)).toEqual([
      'yearEnd@2026-12-31T17:00:00.000Z',
      'planReminder@2026-04-10T17:00:00.000Z',
      'planEscalation@2026-04-15T17:00:00.000Z',
    ]);
    expect(d.snapshot.timers.map((t) => [t.name, t.kind, t.event.type])).toEqual([
      ['yearEnd', 'expiry', 'YEAR_ENDED'],
      ['planReminder', 'reminder', 'PLAN_REMINDER'],
      ['planEscalation', 'escalation', 'PLAN_OVERDUE'],
    ]);
  });

  it('the reminder fires alone; submitting the plan cancels the escalation still pending', () => {
    const d = openYear().fire('planReminder');
    expect(cancelled(d.last.effects)).toEqual([]);
    expect(pending(d)).toEqual(['planEscalation', 'yearEnd']);
    d.send('p-quy', 'SUBMIT_PLAN', {
      items: [
        {
          hostUnitId: 'tradoc',
          from: '2026-04-20',
          to: '2026-04-20',
          content: 'branchMeeting',
          purpose: 'Dự sinh hoạt',
        },
      ],
    });
    expect(cancelled(d.last.effects)).toEqual(['planEscalation']);
    expect(pending(d)).toEqual(['yearEnd']);
  });

  it('a returned plan re-enters planning and schedules both again, on the quarter dates', () => {
    const d = reach('headReview').send('p-tuan', 'RETURN_PLAN', { comment: 'Bổ sung' });
    expect(scheduled(d.last.effects)).toEqual([
      'planReminder@2026-04-10T17:00:00.000Z',
      'planEscalation@2026-04-15T17:00:00.000Z',
    ]);
  });

  it('a deployment sets the reminder and escalation days of the quarter', () => {
    const d = openYear('p-quy', { planReminderDay: 5, planEscalationDay: 7 });
    expect(scheduled(d.last.effects)).toContain('planReminder@2026-04-05T17:00:00.000Z');
    expect(scheduled(d.last.effects)).toContain('planEscalation@2026-04-07T17:00:00.000Z');
    expect(refusal(() => openYear('p-quy', { planReminderDay: 15, planEscalationDay: 10 })).code).toBe(
      'INVALID_DEFINITION',
    );
  });

  it('leaving the site schedules the report deadline; submitting the report cancels it', () => {
    const d = reach('reporting');
    expect(scheduled(d.last.effects)).toEqual(['reportDue@2026-05-13T16:59:59.999Z']);
    d.clock.set(morning('2026-04-28'));
    d.send('p-quy', 'SUBMIT_REPORT', report);
    expect(cancelled(d.last.effects)).toEqual(['reportDue']);
  });

  it('a report returned on time keeps its deadline; past it the cadre is reminded, not marked late', () => {
    const d = reach('reportReview').send('p-tuan', 'RETURN_REPORT', { comment: 'Bổ sung ý kiến của cơ sở' });
    expect(d.state).toBe('year.quarter.trip.reporting');
    expect(d.context['trips']['Q2-1'].returnComment).toBe('Bổ sung ý kiến của cơ sở');
    expect(scheduled(d.last.effects)).toEqual(['reportDue@2026-05-13T16:59:59.999Z']);
    d.fire('reportDue');
    expect(d.last.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        message: 'fieldVisit.revisedReportDue',
        to: { personId: 'p-quy' },
      }),
    ]);
    expect(d.context['trips']['Q2-1'].reportLate).toBe(false);
  });

  it('a province counting calendar days: due at the end of the tenth day after the trip', () => {
    const d = new InstanceDriver(fieldVisit, { now: q2Opens, directory });
    d.start('p-tuan', { cadreId: 'p-quy', unitId: 'dn', year: 2026 }, { reportDueCounting: 'calendarDays' });
    d.send('p-quy', 'SUBMIT_PLAN', {
      items: [
        {
          hostUnitId: 'tradoc',
          from: '2026-04-21',
          to: '2026-04-24',
          content: 'inspectionTeam',
          purpose: 'Tham gia đoàn kiểm tra',
        },
      ],
    });
    d.send('p-tuan', 'APPROVE_PLAN').send('p-ha', 'ISSUE_TRAVEL_ORDER', {
      orderNumber: '16',
      issuedOn: '2026-04-01',
    });
    d.send('p-hieu', 'HOST_CONFIRM');
    d.clock.set(morning('2026-04-24'));
    d.send('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-04-20', notes: 'Nhận kế hoạch kiểm tra' });
    d.send('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' }).send('p-quy', 'END_VISIT', {
      lastDay: '2026-04-24',
    });
    expect(scheduled(d.last.effects)).toEqual(['reportDue@2026-05-04T16:59:59.999Z']);
  });

  it('closing a quarter schedules the next quarter opening; an exemption meanwhile cancels it and the year end', () => {
    const d = reach('scheduled');
    d.send('p-hieu', 'HOST_DECLINE', { reason: 'Bão lũ' }).send('p-quy', 'CANCEL_TRIP', { reason: 'Bão lũ' });
    expect(d.state).toBe('year.awaitingQuarter');
    expect(scheduled(d.last.effects)).toEqual(['quarterStart@2026-06-30T17:00:00.000Z']);
    d.send('p-quy', 'REQUEST_EXEMPTION', {
      ground: 'sickLeave',
      from: '2026-05-01',
      to: '2026-12-31',
      details: 'Điều trị dài ngày',
    });
    d.send('p-ha', 'GRANT_EXEMPTION', { decisionNumber: '25-QĐ/TĐTN' });
    expect(cancelled(d.last.effects).sort()).toEqual(['quarterStart', 'yearEnd']);
    expect(d.snapshot.timers).toEqual([]);
  });

  it('the quarter opening fires into planning with fresh reminders for that quarter', () => {
    const d = reach('scheduled');
    d.send('p-hieu', 'HOST_DECLINE', { reason: 'Bão lũ' }).send('p-minh', 'HOST_DECLINE', {
      reason: 'Bão lũ',
    });
    d.fire('quarterStart');
    expect(scheduled(d.last.effects)).toEqual([
      'planReminder@2026-07-10T17:00:00.000Z',
      'planEscalation@2026-07-15T17:00:00.000Z',
    ]);
    expect(d.context['quarters']['3']).toMatchObject({ quarter: 3, plan: [] });
  });
});
