import { describe, expect, it } from 'vitest';
import { OrgDirectory } from '../../directory.ts';
import { person } from '../../permissions.ts';
import { start } from '../../runtime.ts';
import { ManualClock, refusal, sequentialIds } from '../../testing/harness.ts';
import { directory, morning, q2Plan, reach, report } from './fixtures.ts';
import { decisionEvents, personEvents, refusalCases, type RefusalRow } from '../../testing/matrix.ts';
import { fieldVisit } from './index.ts';

const exemption = { ground: 'sickLeave', from: '2026-04-01', to: '2026-09-30', details: 'Điều trị dài ngày' };

/** The state to reach, for a given cadre; "planning+request" has an exemption request pending. */
function at(state: string, cadreId = 'p-quy') {
  if (state !== 'planning+request') return reach(state, cadreId);
  return reach('planning', cadreId).send(cadreId, 'REQUEST_EXEMPTION', exemption);
}

const exemptedYear = () =>
  at('planning+request').send('p-ha', 'GRANT_EXEMPTION', { decisionNumber: '22-QĐ/TĐTN' });

/** `wrongRole` for the cadre's own acts is someone who is not the cadre; `conflicted` is made the cadre. */
interface Row extends RefusalRow {
  /** A state where the event does not apply. */
  wrongState: string;
}

const rows: Row[] = [
  { event: 'SUBMIT_PLAN', state: 'planning', payload: q2Plan, wrongRole: 'p-mai', wrongState: 'headReview' },
  {
    event: 'APPROVE_PLAN',
    state: 'headReview',
    wrongRole: 'p-ha',
    wrongUnit: 'p-dat',
    conflicted: 'p-tuan',
    wrongState: 'planning',
  },
  {
    event: 'RETURN_PLAN',
    state: 'headReview',
    payload: { comment: 'Bổ sung' },
    wrongRole: 'p-yen',
    wrongUnit: 'p-dat',
    conflicted: 'p-tuan',
    wrongState: 'scheduled',
  },
  {
    event: 'RETURN_PLAN',
    state: 'standingApproval',
    payload: { comment: 'Bổ sung' },
    wrongRole: 'p-tuan',
    wrongUnit: 'p-dat',
    conflicted: 'p-ha',
    wrongState: 'reporting',
  },
  {
    event: 'ISSUE_TRAVEL_ORDER',
    state: 'standingApproval',
    payload: { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-01' },
    wrongRole: 'p-tuan',
    wrongUnit: 'p-dat',
    conflicted: 'p-ha',
    wrongState: 'headReview',
  },
  {
    event: 'HOST_CONFIRM',
    state: 'scheduled',
    wrongRole: 'p-khanh',
    wrongUnit: 'p-minh',
    conflicted: 'p-hieu',
    wrongState: 'hostConfirmed',
  },
  {
    event: 'HOST_DECLINE',
    state: 'scheduled',
    payload: { reason: 'Trùng lịch' },
    wrongRole: 'p-khanh',
    wrongUnit: 'p-minh',
    conflicted: 'p-hieu',
    wrongState: 'preparing',
  },
  {
    event: 'CANCEL_TRIP',
    state: 'preparing',
    payload: { reason: 'Ốm' },
    wrongRole: 'p-tuan',
    wrongState: 'onSite',
  },
  {
    event: 'LOG_PREPARATION',
    state: 'hostConfirmed',
    payload: { visitedOn: '2026-04-08', notes: 'Chuẩn bị' },
    wrongRole: 'p-hieu',
    wrongState: 'scheduled',
  },
  {
    event: 'START_VISIT',
    state: 'preparing',
    payload: { arrivedOn: '2026-04-17' },
    wrongRole: 'p-hieu',
    wrongState: 'hostConfirmed',
  },
  {
    event: 'END_VISIT',
    state: 'onSite',
    payload: { lastDay: '2026-04-21' },
    wrongRole: 'p-mai',
    wrongState: 'preparing',
  },
  {
    event: 'SUBMIT_REPORT',
    state: 'reporting',
    payload: report,
    wrongRole: 'p-tuan',
    wrongState: 'reportReview',
  },
  {
    event: 'ACCEPT_REPORT',
    state: 'reportReview',
    payload: { quality: 'good' },
    wrongRole: 'p-ha',
    wrongUnit: 'p-dat',
    conflicted: 'p-tuan',
    wrongState: 'reporting',
  },
  {
    event: 'RETURN_REPORT',
    state: 'reportReview',
    payload: { comment: 'Bổ sung' },
    wrongRole: 'p-ha',
    wrongUnit: 'p-dat',
    conflicted: 'p-tuan',
    wrongState: 'onSite',
  },
  {
    event: 'REQUEST_EXEMPTION',
    state: 'planning',
    payload: exemption,
    wrongRole: 'p-ha',
    wrongState: 'finished',
  },
  {
    event: 'GRANT_EXEMPTION',
    state: 'planning+request',
    payload: { decisionNumber: '22-QĐ/TĐTN' },
    wrongRole: 'p-tuan',
    wrongUnit: 'p-dat',
    conflicted: 'p-ha',
    wrongState: 'finished',
  },
  {
    event: 'REFUSE_EXEMPTION',
    state: 'planning+request',
    payload: { reason: 'Thiếu giấy tờ' },
    wrongRole: 'p-tuan',
    wrongUnit: 'p-dat',
    conflicted: 'p-ha',
    wrongState: 'finished',
  },
];

/** An officer (or the cadre) who may send the event in its state, to check the wrong-state refusal. */
const rightful: Record<string, string> = {
  APPROVE_PLAN: 'p-tuan',
  ISSUE_TRAVEL_ORDER: 'p-ha',
  HOST_CONFIRM: 'p-hieu',
  HOST_DECLINE: 'p-hieu',
  ACCEPT_REPORT: 'p-tuan',
  RETURN_REPORT: 'p-tuan',
  GRANT_EXEMPTION: 'p-ha',
  REFUSE_EXEMPTION: 'p-ha',
};

describe('field visit permissions', () => {
  it('has a row for every event a person can send', () => {
    expect([...new Set(rows.map((row) => row.event))].sort()).toEqual(personEvents(fieldVisit));
  });

  it.each(refusalCases(rows))('$event in $state: $personId is refused ($reason)', (refused) => {
    const d = refused.subject ? at(refused.state, refused.subject) : at(refused.state);
    expect(d.refuse(refused.personId, refused.event, refused.row.payload)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: refused.reason,
    });
    expect(d.allowed(refused.personId)).not.toContain(refused.event);
  });

  it.each(rows)('$event in $state is refused in a state where it does not apply', (row) => {
    const sender = rightful[row.event] ?? 'p-quy';
    // Exemptions apply all year long: only a finished year is the wrong state for them.
    const finished = row.wrongState === 'finished';
    const d = finished ? exemptedYear() : at(row.wrongState);
    expect(d.refuse(sender, row.event, row.payload)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: finished ? 'finished' : 'state',
    });
  });

  it('marks every decision as subject to the conflict-of-interest rule', () => {
    const tested = [...new Set(rows.filter((row) => row.conflicted).map((row) => row.event))];
    expect(tested.sort()).toEqual(decisionEvents(fieldVisit));
  });

  it('without a pending request nobody may decide an exemption (no button, no task)', () => {
    const d = at('planning');
    expect(d.refuse('p-ha', 'GRANT_EXEMPTION', { decisionNumber: '1' }).reason).toBe('guard');
    expect(d.last.tasks.map((t) => t.role)).toEqual(['cadre']);
  });

  it('refuses a signing form the officer does not hold', () => {
    const d = at('standingApproval');
    const order = { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-01' };
    expect(d.refuse('p-ha', 'ISSUE_TRAVEL_ORDER', order, { acting: 'self' }).reason).toBe('acting_form');
    expect(d.refuse('p-phuc', 'ISSUE_TRAVEL_ORDER', order, { acting: 'TM' }).reason).toBe('acting_form');
    d.send('p-phuc', 'ISSUE_TRAVEL_ORDER', order, { acting: 'KT' });
    expect(d.context['quarters']['2'].travelOrder).toMatchObject({ signedBy: 'p-phuc', acting: 'KT' });
  });

  it.each([
    ['QUARTER_OPENED', 'planning'],
    ['PLAN_REMINDER', 'planning'],
    ['PLAN_OVERDUE', 'planning'],
    ['REPORT_OVERDUE', 'reporting'],
    ['YEAR_ENDED', 'onSite'],
  ])('refuses the timer event %s sent by a person', (event, state) => {
    expect(at(state).refuse('p-ha', event)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: 'timer_only',
    });
  });

  it.each([
    ['SUBMIT_PLAN', 'planning', { items: [] }, ['items']],
    ['SUBMIT_PLAN', 'planning', { items: [{ ...q2Plan.items[0], content: 'picnic' }] }, ['items.0.content']],
    ['SUBMIT_PLAN', 'planning', { items: [{ ...q2Plan.items[0], to: '2026-05-01' }] }, ['items.0.to']],
    ['SUBMIT_PLAN', 'planning', { items: [q2Plan.items[0], q2Plan.items[0]] }, ['items']],
    ['SUBMIT_PLAN', 'planning', { ...q2Plan, note: 'thêm' }, ['']],
    [
      'ISSUE_TRAVEL_ORDER',
      'standingApproval',
      { orderNumber: '', issuedOn: '08/04/2026' },
      ['orderNumber', 'issuedOn'],
    ],
    ['RETURN_PLAN', 'headReview', { comment: 'x'.repeat(2001) }, ['comment']],
    ['LOG_PREPARATION', 'hostConfirmed', { visitedOn: '2026-04-08' }, ['notes']],
    ['SUBMIT_REPORT', 'reporting', { ...report, results: '   ' }, ['results']],
    ['ACCEPT_REPORT', 'reportReview', { quality: 'excellent' }, ['quality']],
    ['REQUEST_EXEMPTION', 'planning', { ...exemption, ground: 'vacation' }, ['ground']],
    ['REQUEST_EXEMPTION', 'planning', { ...exemption, to: '2026-03-01' }, ['to']],
  ])('refuses a bad %s payload in %s with the zod issues', (event, state, payload, paths) => {
    const error = at(state).refuse('p-quy', event, payload);
    expect(error.code).toBe('INVALID_PAYLOAD');
    const issues = error.details['issues'] as { path: string[] }[];
    expect(issues.map((issue) => issue.path.join('.')).sort()).toEqual([...paths].sort());
  });

  it('shows each officer exactly the buttons they may press', () => {
    const planning = at('planning');
    expect(planning.allowed('p-quy')).toEqual(['SUBMIT_PLAN', 'REQUEST_EXEMPTION']);
    expect(planning.allowed('p-tuan')).toEqual([]);
    expect(planning.allowed('p-ha')).toEqual([]);

    const review = at('headReview');
    expect(review.allowed('p-tuan')).toEqual(['APPROVE_PLAN', 'RETURN_PLAN']);
    expect(review.allowed('p-loc')).toEqual(['APPROVE_PLAN', 'RETURN_PLAN']);
    expect(review.allowed('p-ha')).toEqual([]);
    expect(review.allowed('p-quy')).toEqual(['REQUEST_EXEMPTION']);

    const approval = at('standingApproval');
    expect(approval.allowed('p-ha')).toEqual(['RETURN_PLAN', 'ISSUE_TRAVEL_ORDER']);
    expect(approval.allowed('p-tuan')).toEqual([]);

    const scheduled = at('scheduled');
    expect(scheduled.allowed('p-hieu')).toEqual(['HOST_CONFIRM', 'HOST_DECLINE']);
    expect(scheduled.allowed('p-minh')).toEqual([]);
    expect(scheduled.allowed('p-quy')).toEqual(['CANCEL_TRIP', 'REQUEST_EXEMPTION']);

    expect(at('preparing').allowed('p-quy')).toEqual([
      'CANCEL_TRIP',
      'LOG_PREPARATION',
      'START_VISIT',
      'REQUEST_EXEMPTION',
    ]);
    expect(at('onSite').allowed('p-quy')).toEqual(['END_VISIT', 'REQUEST_EXEMPTION']);
    expect(at('reportReview').allowed('p-tuan')).toEqual(['ACCEPT_REPORT', 'RETURN_REPORT']);

    const pendingRequest = at('planning+request');
    expect(pendingRequest.allowed('p-ha')).toEqual(['GRANT_EXEMPTION', 'REFUSE_EXEMPTION']);
    expect(pendingRequest.allowed('p-phuc')).toEqual(['GRANT_EXEMPTION', 'REFUSE_EXEMPTION']);
  });

  it('lets the cadre, their head of department or a standing secretary open the year, nobody else', () => {
    const open =
      (personId: string, cadreId = 'p-quy') =>
      () =>
        start(
          fieldVisit,
          { cadreId, unitId: 'dn', year: 2026 },
          {
            principal: person(personId),
            directory,
            clock: new ManualClock(morning('2026-01-05')),
            ids: sequentialIds(),
          },
        );
    expect(open('p-quy')().entry.actor.role).toBe('cadre');
    expect(open('p-tuan')().entry.actor.role).toBe('departmentHead');
    expect(open('p-ha')().entry.actor.role).toBe('standingSecretary');
    expect(refusal(open('p-dat')).reason).toBe('unit');
    expect(refusal(open('p-hieu')).reason).toBe('role');
    expect(refusal(open('p-mai')).reason).toBe('role');
    const bad = refusal(() =>
      start(
        fieldVisit,
        { cadreId: '', unitId: 'dn', year: 1999 },
        {
          principal: person('p-tuan'),
          directory: new OrgDirectory(directory.data),
          clock: new ManualClock(morning('2026-01-05')),
          ids: sequentialIds(),
        },
      ),
    );
    expect(bad.code).toBe('INVALID_INPUT');
  });
});
