import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { directory, morning, openYear, q2Plan, reach, report } from './fixtures.ts';
import { fieldVisit } from './index.ts';

const whoActs = (d: InstanceDriver) => d.last.tasks.map((t) => `${t.role}@${t.unitId ?? t.personId}`).sort();
const timer = (d: InstanceDriver, name: string) => d.snapshot.timers.find((t) => t.name === name);
const trip = (d: InstanceDriver, id: string) => d.context['trips'][id];

describe('một năm đi cơ sở của cán bộ Thành đoàn (chủ trương "1+2")', () => {
  it('quý II: đăng ký kế hoạch, Trưởng ban duyệt, Thường trực cử đi (TM.), hai đợt "đi trước, về sau", sang quý III', () => {
    // Trưởng ban Tổ chức phân công đồng chí Quy đi cơ sở năm 2026, ngày đầu quý II.
    const d = openYear('p-quy');
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-tuan', role: 'departmentHead' });
    expect(d.state).toBe('year.quarter.planning');
    expect(d.context['quarter']).toBe(2);
    // Năm khép sổ lúc 0h ngày 1/1/2027; nhắc sau ngày 10 của quý (0h ngày 11/4), báo Trưởng ban sau ngày 15.
    expect(timer(d, 'yearEnd')?.due).toBe('2026-12-31T17:00:00.000Z');
    expect(timer(d, 'planReminder')?.due).toBe('2026-04-10T17:00:00.000Z');
    expect(timer(d, 'planEscalation')?.due).toBe('2026-04-15T17:00:00.000Z');
    expect(d.last.tasks).toEqual([
      expect.objectContaining({
        role: 'cadre',
        personId: 'p-quy',
        events: ['SUBMIT_PLAN'], // asking for an exemption is possible, never a to-do
        due: '2026-04-15T17:00:00.000Z',
      }),
    ]);

    d.clock.set(morning('2026-04-02'));
    d.send('p-quy', 'SUBMIT_PLAN', q2Plan);
    expect(d.state).toBe('year.quarter.headReview');
    expect(d.last.effects.map((e) => e.type === 'timer.cancel' && e.name)).toEqual([
      'planReminder',
      'planEscalation',
    ]);
    expect(whoActs(d)).toEqual(['departmentHead@dn']);

    d.send('p-tuan', 'APPROVE_PLAN', {}, { comment: 'Nội dung phù hợp chủ đề năm' });
    expect(whoActs(d)).toEqual(['standingSecretary@dn']);

    d.clock.set(morning('2026-04-08'));
    d.send('p-ha', 'ISSUE_TRAVEL_ORDER', { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-08' });
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-ha', role: 'standingSecretary', acting: 'TM' });
    expect(d.context['quarters']['2'].travelOrder).toMatchObject({ number: '15-QĐ/TĐTN', acting: 'TM' });
    // Trips run in date order: Trà Đốc (21/4) first although it was listed second.
    expect(d.context['activeTripId']).toBe('Q2-1');
    expect(trip(d, 'Q2-1')).toMatchObject({ hostUnitId: 'tradoc', status: 'active' });
    expect(trip(d, 'Q2-2')).toMatchObject({ hostUnitId: 'tramy', status: 'planned' });
    expect(d.state).toBe('year.quarter.trip.scheduled');
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', to: { role: 'host', unitId: 'tradoc', at: 'own' } }),
    );
    expect(whoActs(d)).toEqual(['cadre@p-quy', 'host@tradoc']);

    d.send('p-hieu', 'HOST_CONFIRM');
    // "Đi trước": a preparation visit on Friday 17/4 before the branch meeting of 21/4.
    d.clock.set(morning('2026-04-17'));
    d.send('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-04-17', notes: 'Thống nhất nội dung sinh hoạt' });
    expect(d.state).toBe('year.quarter.trip.preparing');
    d.clock.set(morning('2026-04-21'));
    d.send('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' });
    d.clock.set(morning('2026-04-24'));
    d.send('p-quy', 'END_VISIT', { lastDay: '2026-04-24' });
    expect(d.state).toBe('year.quarter.trip.reporting');
    // 10 working days after Friday 24/4, skipping 27/4 (Giỗ Tổ), 30/4 and 1/5 and the weekends:
    // 28, 29/4, 4, 5, 6, 7, 8, 11, 12, 13/5 — due at the end of Wednesday 13 May.
    expect(timer(d, 'reportDue')).toMatchObject({ kind: 'deadline', due: '2026-05-13T16:59:59.999Z' });
    expect(d.last.tasks).toEqual([
      expect.objectContaining({ personId: 'p-quy', due: '2026-05-13T16:59:59.999Z' }),
    ]);

    // "Về sau": the evaluation with the host on Monday 27/4 (a holiday, but the host met anyway).
    d.clock.set(morning('2026-04-28'));
    d.send('p-quy', 'SUBMIT_REPORT', {
      ...report,
      findingsForPartyCommittee: 'Thôn 2 thiếu nơi sinh hoạt, đề nghị cấp ủy hỗ trợ',
    });
    expect(d.last.effects).toEqual([expect.objectContaining({ type: 'timer.cancel', name: 'reportDue' })]);
    expect(whoActs(d)).toEqual(['departmentHead@dn']);

    d.send('p-tuan', 'ACCEPT_REPORT', { quality: 'good' });
    // 17/4 (đi trước) and 21–24/4 on site: 5 days at the grassroots.
    expect(trip(d, 'Q2-1')).toMatchObject({ status: 'reviewed', creditedDays: 5, quality: 'good' });
    expect(d.context['creditedDays']).toBe(5);
    expect(d.context['activeTripId']).toBe('Q2-2');
    expect(d.state).toBe('year.quarter.trip.scheduled');
    expect(whoActs(d)).toEqual(['cadre@p-quy', 'host@tramy']);

    // The second trip: the report comes late.
    d.clock.set(morning('2026-05-06'));
    d.send('p-minh', 'HOST_CONFIRM');
    d.clock.set(morning('2026-05-08'));
    d.send('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-05-08', notes: 'Làm việc với Bí thư Đoàn xã' });
    d.clock.set(morning('2026-05-15'));
    d.send('p-quy', 'START_VISIT', { arrivedOn: '2026-05-12' }).send('p-quy', 'END_VISIT', {
      lastDay: '2026-05-15',
    });
    expect(timer(d, 'reportDue')?.due).toBe('2026-05-29T16:59:59.999Z');
    d.fire('reportDue');
    expect(trip(d, 'Q2-2').reportLate).toBe(true);
    expect(d.last.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        message: 'fieldVisit.reportOverdue',
        to: { personId: 'p-quy' },
      }),
      expect.objectContaining({
        type: 'notify',
        message: 'fieldVisit.reportOverdue',
        to: { role: 'departmentHead', unitId: 'dn', at: 'own' },
      }),
    ]);
    d.clock.set(morning('2026-06-01'));
    d.send('p-quy', 'SUBMIT_REPORT', { ...report, evaluatedWithHostOn: '2026-05-20' });
    d.send('p-tuan', 'ACCEPT_REPORT', { quality: 'fair' });

    // Quarter II is done: planning for quarter III opens at 0h on 1 July.
    expect(d.state).toBe('year.awaitingQuarter');
    expect(d.context).toMatchObject({ quarter: 3, creditedDays: 10, activeTripId: null });
    expect(timer(d, 'quarterStart')?.due).toBe('2026-06-30T17:00:00.000Z');
    expect(d.last.tasks.filter((t) => t.role !== 'cadre')).toEqual([]);
    d.fire('quarterStart');
    expect(d.state).toBe('year.quarter.planning');
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({ message: 'fieldVisit.planningOpen', data: { year: 2026, quarter: 3 } }),
    );
    expect(timer(d, 'planReminder')?.due).toBe('2026-07-10T17:00:00.000Z');
    expect(fieldVisit.summary!(d.context as never)).toMatchObject({
      creditedDays: 10,
      quotaDays: 60,
      lateReports: 1,
      findingsForPartyCommittee: ['Thôn 2 thiếu nơi sinh hoạt, đề nghị cấp ủy hỗ trợ'],
    });
    expect(replay(fieldVisit, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('quá ngày 10 của quý chưa đăng ký thì nhắc cán bộ; quá ngày 15 thì báo Trưởng ban và ghi nhận chậm', () => {
    const d = openYear('p-quy');
    d.fire('planReminder');
    expect(d.last.effects).toEqual([
      { type: 'notify', message: 'fieldVisit.planReminder', to: { personId: 'p-quy' }, data: { quarter: 2 } },
    ]);
    d.fire('planEscalation');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'fieldVisit.planOverdue',
        to: { role: 'departmentHead', unitId: 'dn', at: 'own' },
        data: { cadreId: 'p-quy', quarter: 2 },
      },
    ]);
    expect(d.context['quarters']['2'].planLate).toBe(true);
    expect(d.state).toBe('year.quarter.planning');
    // Registered late on 16/4, with visits that still lie ahead.
    d.send('p-quy', 'SUBMIT_PLAN', q2Plan);
    expect(d.state).toBe('year.quarter.headReview');
    expect(replay(fieldVisit, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('kế hoạch bị trả lại (Trưởng ban, rồi Thường trực) thì cán bộ sửa và đăng ký lại', () => {
    const d = reach('headReview');
    d.send('p-tuan', 'RETURN_PLAN', { comment: 'Bổ sung nội dung nắm tình hình công nhân' });
    expect(d.state).toBe('year.quarter.planning');
    expect(d.context['quarters']['2']).toMatchObject({
      planReturns: 1,
      lastReturnComment: 'Bổ sung nội dung nắm tình hình công nhân',
    });
    // The reminders keep their dates: counted from the quarter's first day, not from the return.
    expect(timer(d, 'planReminder')?.due).toBe('2026-04-10T17:00:00.000Z');
    d.send('p-quy', 'SUBMIT_PLAN', q2Plan).send('p-tuan', 'APPROVE_PLAN');
    d.send('p-ha', 'RETURN_PLAN', { comment: 'Trùng lịch kiểm tra của Thành đoàn' });
    expect(d.state).toBe('year.quarter.planning');
    expect(d.context['quarters']['2'].planReturns).toBe(2);
  });

  it('kế hoạch phải nằm trong quý và chưa diễn ra; quyết định cử không ghi lùi, không ghi trước ngày', () => {
    const d = openYear('p-quy');
    const [first] = q2Plan.items;
    const july = { items: [{ ...first!, from: '2026-07-01', to: '2026-07-03' }] };
    expect(d.refuse('p-quy', 'SUBMIT_PLAN', july)).toMatchObject({
      reason: 'guard',
      details: { guards: ['planFitsQuarter'] },
    });
    const past = { items: [{ ...first!, from: '2026-03-31', to: '2026-04-02' }] };
    expect(d.refuse('p-quy', 'SUBMIT_PLAN', past).reason).toBe('guard');

    const approved = reach('standingApproval');
    approved.clock.set(morning('2026-04-07'));
    const order = { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-08' };
    expect(approved.refuse('p-ha', 'ISSUE_TRAVEL_ORDER', order).details).toMatchObject({
      guards: ['travelOrderDatedSincePlan'],
    });
    expect(approved.refuse('p-ha', 'ISSUE_TRAVEL_ORDER', { ...order, issuedOn: '2026-03-20' }).reason).toBe(
      'guard',
    );
  });

  it('"đi trước" phải sau quyết định cử và không muộn hơn ngày hoạt động; "về sau" phải sau hoạt động', () => {
    const d = reach('hostConfirmed');
    d.clock.set(morning('2026-04-22'));
    expect(
      d.refuse('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-04-22', notes: 'Muộn' }).details,
    ).toMatchObject({ guards: ['preparationBetweenOrderAndActivity'] });
    expect(d.refuse('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-04-07', notes: 'Sớm' }).reason).toBe(
      'guard',
    );

    const preparing = reach('preparing'); // clock on 17/4
    expect(preparing.refuse('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' }).details).toMatchObject({
      guards: ['arrivalAfterPreparation'],
    });
    // A second preparation visit counts as one more day at the grassroots.
    preparing.clock.set(morning('2026-04-20'));
    preparing.send('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-04-20', notes: 'Kiểm tra hội trường' });
    expect(trip(preparing, 'Q2-1').preparationVisits).toHaveLength(2);
    expect(preparing.refuse('p-quy', 'START_VISIT', { arrivedOn: '2026-04-19' }).reason).toBe('guard');

    const onSite = reach('onSite');
    expect(onSite.refuse('p-quy', 'END_VISIT', { lastDay: '2026-04-20' }).details).toMatchObject({
      guards: ['lastDayAfterArrival'],
    });

    const reporting = reach('reporting');
    expect(
      reporting.refuse('p-quy', 'SUBMIT_REPORT', { ...report, evaluatedWithHostOn: '2026-04-23' }).details,
    ).toMatchObject({ guards: ['evaluationAfterActivity'] });
  });

  it('cơ sở không tiếp đón thì sang đợt sau; cán bộ hủy đợt cuối thì chờ quý sau', () => {
    const d = reach('scheduled');
    d.send('p-hieu', 'HOST_DECLINE', { reason: 'Trùng lịch Đại hội Đoàn xã' });
    expect(trip(d, 'Q2-1')).toMatchObject({
      status: 'declined',
      closingReason: 'Trùng lịch Đại hội Đoàn xã',
    });
    expect(d.last.effects).toEqual([
      expect.objectContaining({ message: 'fieldVisit.hostDeclined', to: { personId: 'p-quy' } }),
      expect.objectContaining({
        message: 'fieldVisit.confirmVisit',
        to: { role: 'host', unitId: 'tramy', at: 'own' },
      }),
    ]);
    expect(d.state).toBe('year.quarter.trip.scheduled');
    d.send('p-minh', 'HOST_CONFIRM').send('p-quy', 'CANCEL_TRIP', { reason: 'Được cử đi học tập trung' });
    expect(trip(d, 'Q2-2').status).toBe('cancelled');
    expect(d.state).toBe('year.awaitingQuarter');
    expect(d.context['creditedDays']).toBe(0);
    expect(replay(fieldVisit, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });
});

describe('cuối năm: đối chiếu số ngày đi cơ sở với chỉ tiêu', () => {
  /** A cadre who joins on 1 October: one month co-hosting a youth activity at Trà Đốc. */
  const q4Year = (policy?: Record<string, unknown>) => {
    const d = new InstanceDriver(fieldVisit, { now: morning('2026-10-01'), directory });
    d.start('p-mai', { cadreId: 'p-mai', unitId: 'dn', year: 2026 }, policy);
    d.send('p-mai', 'SUBMIT_PLAN', {
      items: [
        {
          hostUnitId: 'tradoc',
          from: '2026-10-12',
          to: '2026-11-10',
          content: 'coHostActivity',
          purpose: 'Cùng Đoàn xã đăng cai Tháng thanh niên tình nguyện',
        },
      ],
    });
    d.send('p-tuan', 'APPROVE_PLAN').send('p-ha', 'ISSUE_TRAVEL_ORDER', {
      orderNumber: '40-QĐ/TĐTN',
      issuedOn: '2026-10-01',
    });
    d.send('p-hieu', 'HOST_CONFIRM');
    d.clock.set(morning('2026-10-05'));
    d.send('p-mai', 'LOG_PREPARATION', { visitedOn: '2026-10-05', notes: 'Họp Ban tổ chức' });
    d.clock.set(morning('2026-11-11'));
    d.send('p-mai', 'START_VISIT', { arrivedOn: '2026-10-12' }).send('p-mai', 'END_VISIT', {
      lastDay: '2026-11-10',
    });
    d.send('p-mai', 'SUBMIT_REPORT', { ...report, evaluatedWithHostOn: '2026-11-11' });
    return d.send('p-tuan', 'ACCEPT_REPORT', { quality: 'good' });
  };

  it('tỉnh áp dụng chỉ tiêu 30 ngày: xong quý IV với 31 ngày là đạt, không chờ hết năm', () => {
    const d = q4Year({ yearlyQuotaDays: 30 });
    expect(d.context['creditedDays']).toBe(31);
    expect(d.state).toBe('compliant');
    expect(d.snapshot.status).toBe('done');
    expect(d.last.effects).toEqual([
      expect.objectContaining({ type: 'timer.cancel', name: 'yearEnd' }),
      { type: 'instance.finished', state: 'compliant' },
    ]);
    expect(d.last.tasks).toEqual([]);
    expect(replay(fieldVisit, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('với chỉ tiêu mặc định 60 ngày thì cùng số ngày đó là chưa đạt', () => {
    expect(q4Year().state).toBe('shortfall');
  });

  it('hết năm khi còn đợt dở dang: khép sổ với số ngày đã được duyệt, đợt dở dang ghi chưa hoàn thành', () => {
    const d = reach('onSite');
    d.fire('yearEnd');
    expect(d.state).toBe('shortfall');
    expect(d.last.entry).toMatchObject({ type: 'YEAR_ENDED', actor: { role: 'system' } });
    expect(trip(d, 'Q2-1').status).toBe('unfinished');
    expect(trip(d, 'Q2-2').status).toBe('unfinished');
    expect(d.last.effects).toEqual([{ type: 'instance.finished', state: 'shortfall' }]);
    expect(replay(fieldVisit, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });
});

describe('miễn đi cơ sở: đi học từ 6 tháng, ốm dài ngày, nghỉ thai sản', () => {
  it('cán bộ nghỉ thai sản đề nghị, Thường trực quyết định miễn (TM.): năm kết thúc ở trạng thái được miễn', () => {
    const d = openYear('p-mai');
    expect(d.allowed('p-ha')).toEqual([]);
    d.send('p-mai', 'REQUEST_EXEMPTION', {
      ground: 'maternityLeave',
      from: '2026-05-01',
      to: '2026-10-31',
      details: 'Nghỉ thai sản theo chế độ',
    });
    expect(d.state).toBe('year.quarter.planning');
    expect(whoActs(d)).toContain('standingSecretary@dn');
    expect(d.allowed('p-ha')).toEqual(['GRANT_EXEMPTION', 'REFUSE_EXEMPTION']);
    expect(
      d.refuse('p-mai', 'REQUEST_EXEMPTION', {
        ground: 'sickLeave',
        from: '2026-05-01',
        to: '2026-06-30',
        details: 'Trùng',
      }).details,
    ).toMatchObject({ guards: ['noExemptionPending'] });

    d.send('p-ha', 'GRANT_EXEMPTION', { decisionNumber: '22-QĐ/TĐTN' });
    expect(d.state).toBe('exempted');
    expect(d.last.entry.actor.acting).toBe('TM');
    expect(d.context['exemption']).toMatchObject({
      ground: 'maternityLeave',
      decisionNumber: '22-QĐ/TĐTN',
      decidedBy: 'p-ha',
    });
    expect(d.last.effects).toEqual([
      expect.objectContaining({ type: 'timer.cancel', name: 'planReminder' }),
      expect.objectContaining({ type: 'timer.cancel', name: 'planEscalation' }),
      expect.objectContaining({ type: 'timer.cancel', name: 'yearEnd' }),
      { type: 'instance.finished', state: 'exempted' },
    ]);
    expect(d.snapshot.timers).toEqual([]);
    expect(replay(fieldVisit, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('đi học dưới 6 tháng không đủ điều kiện miễn: Thường trực không đồng ý, năm tiếp tục', () => {
    const d = openYear('p-mai');
    d.send('p-mai', 'REQUEST_EXEMPTION', {
      ground: 'study',
      from: '2026-09-01',
      to: '2026-12-31',
      details: 'Lớp bồi dưỡng 4 tháng',
    });
    expect(d.refuse('p-ha', 'GRANT_EXEMPTION', { decisionNumber: '23-QĐ/TĐTN' }).details).toMatchObject({
      guards: ['exemptionPeriodQualifies'],
    });
    d.send('p-ha', 'REFUSE_EXEMPTION', { reason: 'Thời gian học dưới 6 tháng' });
    expect(d.state).toBe('year.quarter.planning');
    expect(d.context).toMatchObject({
      exemptionRequest: null,
      lastExemptionRefusal: 'Thời gian học dưới 6 tháng',
    });
    expect(d.allowed('p-ha')).toEqual([]);

    // A full six months of study (1/3 – 31/8) qualifies.
    d.send('p-mai', 'REQUEST_EXEMPTION', {
      ground: 'study',
      from: '2026-03-01',
      to: '2026-08-31',
      details: 'Học cao cấp lý luận chính trị',
    });
    d.send('p-phuc', 'GRANT_EXEMPTION', { decisionNumber: '24-QĐ/TĐTN' });
    expect(d.state).toBe('exempted');
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-phuc', acting: 'KT' });
  });
});

describe('mở năm đi cơ sở', () => {
  it('mở từ tháng 12 năm trước thì đăng ký ngay cho quý I, nhắc tính theo ngày đầu quý I', () => {
    const d = new InstanceDriver(fieldVisit, { now: morning('2025-12-15'), directory });
    d.start('p-quy', { cadreId: 'p-quy', unitId: 'dn', year: 2026 });
    expect(d.last.entry.actor).toMatchObject({ role: 'cadre', personId: 'p-quy' });
    expect(d.context['quarter']).toBe(1);
    expect(timer(d, 'planReminder')?.due).toBe('2026-01-10T17:00:00.000Z');
  });

  it('mở giữa năm thì đăng ký cho quý đang diễn ra', () => {
    const d = new InstanceDriver(fieldVisit, { now: morning('2026-08-03'), directory });
    d.start('p-ha', { cadreId: 'p-quy', unitId: 'dn', year: 2026 });
    expect(d.last.entry.actor).toMatchObject({ role: 'standingSecretary', personId: 'p-ha' });
    expect(d.context['quarter']).toBe(3);
  });

  it('Trưởng ban đi cơ sở thì Phó trưởng ban ký thay (KT.) duyệt kế hoạch của đồng chí ấy', () => {
    const d = reach('headReview', 'p-tuan');
    expect(d.allowed('p-tuan')).toEqual(['REQUEST_EXEMPTION']);
    expect(d.refuse('p-tuan', 'APPROVE_PLAN').reason).toBe('conflict_of_interest');
    d.send('p-loc', 'APPROVE_PLAN');
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-loc', role: 'departmentHead', acting: 'KT' });
    expect(d.context['quarters']['2'].approvedBy).toEqual({ personId: 'p-loc', acting: 'KT' });
  });
});
