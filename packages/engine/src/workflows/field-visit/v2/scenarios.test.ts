import { describe, expect, it } from 'vitest';
import { replay } from '../../../runtime.ts';
import { InstanceDriver } from '../../../testing/harness.ts';
import { directory, morning, q2Opens, q2Plan, report } from '../fixtures.ts';
import { fieldVisitV2 } from './index.ts';

const open = (policy?: Record<string, unknown>) =>
  new InstanceDriver(fieldVisitV2, { now: q2Opens, directory }).start(
    'p-tuan',
    { cadreId: 'p-quy', unitId: 'dn', year: 2026 },
    policy,
  );
const order = { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-08' };
/** Plan approved, travel order signed: the first trip (Trà Đốc, 21–24/4) awaits its host. */
const scheduled = (policy?: Record<string, unknown>, signer = 'p-ha', acting?: 'TM' | 'KT') => {
  const d = open(policy).send('p-quy', 'SUBMIT_PLAN', q2Plan).send('p-tuan', 'APPROVE_PLAN');
  d.clock.set(morning('2026-04-08'));
  return d.send(signer, 'ISSUE_TRAVEL_ORDER', order, acting ? { acting } : {});
};
const links = (d: InstanceDriver) => d.last.effects.filter((e) => e.type === 'link');

describe('v2 — quyết định cử đi cơ sở ký theo chức danh', () => {
  it('Bí thư Thành đoàn ký "TM. BAN THƯỜNG VỤ"; chữ ký ghi trên quyết định', () => {
    const d = scheduled();
    expect(d.context['quarters']['2'].travelOrder).toMatchObject({
      number: '15-QĐ/TĐTN',
      acting: 'TM',
      signature: { heading: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: 'Võ Thị Hồng Hà' },
    });
  });

  it('Phó Bí thư ký "KT. BÍ THƯ"; "TM." chỉ khi quy định cho phép', () => {
    expect(scheduled(undefined, 'p-phuc').context['quarters']['2'].travelOrder.signature).toMatchObject({
      heading: 'KT. BÍ THƯ',
      title: 'PHÓ BÍ THƯ',
    });
    const tm = scheduled({ signing: { deputyMaySignForCommittee: true } }, 'p-phuc', 'TM');
    expect(tm.context['quarters']['2'].travelOrder.signature.heading).toBe('TM. BAN THƯỜNG VỤ');
  });
});

describe('v2 — nhiều đợt trong quý, theo thứ tự tùy chọn', () => {
  it('cán bộ đi Trà My trước dù kế hoạch xếp Trà Đốc trước; Trà Đốc vẫn chờ lượt', () => {
    const d = scheduled();
    expect(d.context['activeTripId']).toBe('Q2-1');
    d.send('p-quy', 'CHOOSE_NEXT_TRIP', { tripId: 'Q2-2' });
    expect(d.context['activeTripId']).toBe('Q2-2');
    expect(d.context['trips']['Q2-1'].status).toBe('planned');
    // The new host is told and confirms; the other host no longer can.
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', to: { role: 'host', unitId: 'tramy', at: 'own' } }),
    );
    expect(d.refuse('p-hieu', 'HOST_CONFIRM').reason).toBe('unit');
    d.send('p-minh', 'HOST_CONFIRM');
    expect(d.state).toBe('year.quarter.trip.hostConfirmed');
    expect(d.refuse('p-quy', 'CHOOSE_NEXT_TRIP', { tripId: 'Q2-1' }).reason).toBe('state');
  });

  it('không chọn được đợt không có trong quý hoặc đã xong', () => {
    const d = scheduled();
    expect(d.refuse('p-quy', 'CHOOSE_NEXT_TRIP', { tripId: 'Q3-1' }).reason).toBe('guard');
    expect(d.refuse('p-quy', 'CHOOSE_NEXT_TRIP', { tripId: 'Q2-1' }).reason).toBe('guard');
  });
});

describe('v2 — "đi trước" chỉ khi đi cùng hoạt động do cơ sở tổ chức', () => {
  it('dự sinh hoạt chi đoàn: cơ sở xác nhận là đến thẳng, không cần đi trước', () => {
    const d = scheduled().send('p-hieu', 'HOST_CONFIRM');
    d.clock.set(morning('2026-04-21'));
    d.send('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' });
    expect(d.state).toBe('year.quarter.trip.onSite');
  });

  it('khi quy định yêu cầu đi trước cho nội dung đó thì phải có buổi đi trước', () => {
    const d = scheduled({ preparationRequiredFor: ['branchMeeting', 'coHostActivity'] });
    d.send('p-hieu', 'HOST_CONFIRM');
    d.clock.set(morning('2026-04-21'));
    expect(d.refuse('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' }).reason).toBe('guard');
    d.clock.set(morning('2026-04-17'));
    d.send('p-quy', 'LOG_PREPARATION', { visitedOn: '2026-04-17', notes: 'Thống nhất nội dung' });
    d.clock.set(morning('2026-04-21'));
    d.send('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' });
    expect(d.state).toBe('year.quarter.trip.onSite');
  });
});

describe('v2 — báo cáo trong 10 ngày; ngày công và chất lượng về hồ sơ đánh giá cán bộ', () => {
  const visited = (policy?: Record<string, unknown>) => {
    const d = scheduled(policy).send('p-hieu', 'HOST_CONFIRM');
    d.clock.set(morning('2026-04-21'));
    d.send('p-quy', 'START_VISIT', { arrivedOn: '2026-04-21' });
    d.clock.set(morning('2026-04-24'));
    return d.send('p-quy', 'END_VISIT', { lastDay: '2026-04-24' });
  };

  it('hạn nộp báo cáo là 10 ngày theo lịch (qua 30/4, 1/5 vẫn tính)', () => {
    // From the end of Friday 24/4: 10 calendar days → the end of Monday 4/5 in Vietnam.
    expect(visited().snapshot.timers.find((t) => t.name === 'reportDue')?.due).toBe(
      '2026-05-04T16:59:59.999Z',
    );
  });

  it('theo quy định thì tính ngày làm việc (nghỉ 30/4, 1/5 và cuối tuần không tính)', () => {
    const due = visited({ reportDueCounting: 'workingDays' }).snapshot.timers.find(
      (t) => t.name === 'reportDue',
    );
    expect(due!.due > '2026-05-04T16:59:59.999Z').toBe(true);
  });

  it('duyệt báo cáo: ngày công và chất lượng gửi vào hồ sơ của cán bộ', () => {
    const d = visited();
    d.clock.set(morning('2026-04-28'));
    d.send('p-quy', 'SUBMIT_REPORT', report).send('p-tuan', 'ACCEPT_REPORT', { quality: 'good' });
    expect(links(d)).toEqual([
      expect.objectContaining({
        kind: 'fieldVisit.trip',
        key: '2026:Q2-1',
        to: { personId: 'p-quy' },
        data: expect.objectContaining({ creditedDays: 4, quality: 'good', unplanned: false }),
      }),
    ]);
    expect(replay(fieldVisitV2, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('cuối năm: kết quả năm (ngày công, chỉ tiêu, chất lượng) gửi vào hồ sơ của cán bộ', () => {
    const d = open().fire('yearEnd');
    expect(d.state).toBe('shortfall');
    expect(links(d)).toEqual([
      {
        type: 'link',
        kind: 'fieldVisit.year',
        key: '2026',
        to: { personId: 'p-quy' },
        data: {
          year: 2026,
          outcome: 'shortfall',
          creditedDays: 0,
          quotaDays: 60,
          tripsReviewed: 0,
          qualities: {},
          reportsLate: 0,
        },
        deliver: [],
      },
    ]);
  });
});

describe('v2 — đi công tác đột xuất: đăng ký sau, Trưởng ban công nhận', () => {
  const unplanned = {
    hostUnitId: 'hoachau',
    from: '2026-04-06',
    to: '2026-04-07',
    content: 'memberSituation',
    purpose: 'Nắm tình hình đoàn viên sau sự cố ngập lụt',
    results: 'Hỗ trợ 30 đoàn viên khắc phục hậu quả',
  };

  it('đăng ký sau chuyến đi, Trưởng ban công nhận và tính ngày; hồ sơ cán bộ được ghi', () => {
    const d = open();
    d.clock.set(morning('2026-04-09'));
    d.send('p-quy', 'REGISTER_UNPLANNED_TRIP', unplanned);
    expect(d.context['trips']['U-1']).toMatchObject({ status: 'pendingApproval', unplanned: true });
    expect(d.allowed('p-tuan')).toEqual(
      expect.arrayContaining(['APPROVE_UNPLANNED_TRIP', 'REFUSE_UNPLANNED_TRIP']),
    );
    d.send('p-tuan', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'fair' });
    expect(d.context['creditedDays']).toBe(2);
    expect(d.context['trips']['U-1']).toMatchObject({ status: 'reviewed', creditedDays: 2, quality: 'fair' });
    expect(links(d)).toEqual([expect.objectContaining({ kind: 'fieldVisit.trip', key: '2026:U-1' })]);
    // The chart has not moved: the quarter's plan is still owed.
    expect(d.state).toBe('year.quarter.planning');
  });

  it('không đăng ký trước khi chuyến đi kết thúc; không tự công nhận; có thể không công nhận', () => {
    const d = open();
    d.clock.set(morning('2026-04-06'));
    expect(d.refuse('p-quy', 'REGISTER_UNPLANNED_TRIP', unplanned).reason).toBe('guard');
    d.clock.set(morning('2026-04-09'));
    d.send('p-quy', 'REGISTER_UNPLANNED_TRIP', unplanned);
    expect(d.refuse('p-quy', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'good' }).reason).toBe(
      'role',
    );
    d.send('p-tuan', 'REFUSE_UNPLANNED_TRIP', { tripId: 'U-1', reason: 'Không có quyết định cử đi' });
    expect(d.context['trips']['U-1'].status).toBe('refused');
    expect(d.context['creditedDays']).toBe(0);
    // Nothing waits for approval any more.
    expect(d.refuse('p-tuan', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'good' }).reason).toBe(
      'guard',
    );
  });
});
