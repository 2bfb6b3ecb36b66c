import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../testing/explore.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import type { FieldVisitContext } from './context.ts';
import { fieldVisit } from './index.ts';
import { fieldVisitV2 } from './v2/index.ts';

const visit = (hostUnitId: string, from: string, to: string) => ({
  hostUnitId,
  from,
  to,
  content: 'memberSituation',
  purpose: 'Nắm tình hình đoàn viên, thanh niên',
});

// Started on the first day of Q3: two trips in Q3 (another trip follows), one in Q4 (the last).
const startedAt = '2026-07-01T02:00:00.000Z';
// Trips are logged on the last day of the year, so every past date is allowed.
const late = { meta: { at: '2026-12-31T02:00:00.000Z' } };
const quota = 8;

/**
 * Both versions from one set of samples: v1 never offers v2's events (unplanned trips, choosing the
 * next trip), so their samples are simply never taken there.
 */
describe.each([fieldVisit, fieldVisitV2])('field visit v$version: generated paths', (definition) => {
  const coverage = exploreWorkflow(definition, {
    at: startedAt,
    policy: { yearlyQuotaDays: quota },
    // v2: unplanned trips can be registered in every state of the year, a larger graph.
    limit: 40000,
    inputs: [{ cadreId: 'p-quy', unitId: 'dn', year: 2026 }],
    events: {
      SUBMIT_PLAN: [
        {
          payload: {
            items: [visit('tradoc', '2026-07-20', '2026-07-24'), visit('tramy', '2026-08-10', '2026-08-14')],
          },
        },
        { payload: { items: [visit('tradoc', '2026-10-20', '2026-10-24')] } },
      ],
      APPROVE_PLAN: [{}],
      RETURN_PLAN: [{ payload: { comment: 'Bổ sung nội dung' } }],
      ISSUE_TRAVEL_ORDER: [{ payload: { orderNumber: '20-QĐ/TĐTN', issuedOn: '2026-07-01' } }],
      HOST_CONFIRM: [{}],
      HOST_DECLINE: [{ payload: { reason: 'Trùng lịch đại hội' } }],
      CANCEL_TRIP: [{ payload: { reason: 'Được phân công việc đột xuất' } }],
      LOG_PREPARATION: [{ payload: { visitedOn: '2026-07-01', notes: 'Hướng dẫn chuẩn bị' }, ...late }],
      START_VISIT: [{ payload: { arrivedOn: '2026-07-01' }, ...late }],
      // One day on site (2 days with the preparation visit), or a week (7 days).
      END_VISIT: [
        { payload: { lastDay: '2026-07-01' }, ...late },
        { payload: { lastDay: '2026-07-07' }, ...late },
      ],
      SUBMIT_REPORT: [
        {
          payload: {
            evaluatedWithHostOn: '2026-07-07',
            results: 'Kết quả',
            lessons: 'Bài học',
            findingsForPartyCommittee: 'Kiến nghị cấp ủy',
          },
          ...late,
        },
      ],
      ACCEPT_REPORT: [{ payload: { quality: 'good' } }],
      RETURN_REPORT: [{ payload: { comment: 'Bổ sung đánh giá của cơ sở' } }],
      REQUEST_EXEMPTION: [
        {
          payload: {
            ground: 'maternityLeave',
            from: '2026-08-01',
            to: '2027-01-31',
            details: 'Nghỉ thai sản',
          },
        },
      ],
      GRANT_EXEMPTION: [{ payload: { decisionNumber: '30-QĐ/TĐTN' } }],
      REFUSE_EXEMPTION: [{ payload: { reason: 'Chưa có giấy xác nhận' } }],
      QUARTER_OPENED: [{}],
      PLAN_REMINDER: [{}],
      PLAN_OVERDUE: [{}],
      REPORT_OVERDUE: [{}],
      YEAR_ENDED: [{}],
      // v2 only.
      CHOOSE_NEXT_TRIP: [{ payload: { tripId: 'Q3-2' } }],
      REGISTER_UNPLANNED_TRIP: [
        { payload: { ...visit('hoachau', '2026-07-02', '2026-07-03'), results: 'Kết quả' }, ...late },
      ],
      APPROVE_UNPLANNED_TRIP: [{ payload: { tripId: 'U-1', quality: 'fair' } }],
      REFUSE_UNPLANNED_TRIP: [{ payload: { tripId: 'U-1', reason: 'Không có quyết định' } }],
    },
    // What guards look at: the quarter, the trip under way, days credited up to the quota.
    contextKey: (context: FieldVisitContext) => {
      const trip = context.activeTripId ? context.trips[context.activeTripId] : null;
      return [
        context.quarter,
        context.activeTripId,
        Math.min(context.creditedDays, quota),
        context.exemptionRequest !== null,
        context.trips['U-1']?.status ?? null,
        context.activeTripId === 'Q3-2',
        trip && [trip.preparationVisits.length > 0, trip.arrivedOn, trip.lastDay, trip.report !== null],
      ];
    },
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition, each guarded alternative included', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(definition).length);
  });

  it('builds exactly its typed summary, in officers’ words, in every state reached', () => {
    expect(definition.summarySchema).toBeDefined();
    expect(coverage.contexts.length).toBeGreaterThan(20);
    expect(checkSummaryLabels(definition, coverage.contexts).problems).toEqual([]);
  });
});
