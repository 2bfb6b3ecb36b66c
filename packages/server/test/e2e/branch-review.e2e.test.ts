import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf } from '../support/files.ts';
import {
  auditInstance,
  expectRefusedWithoutWrites,
  fireTimer,
  openServer,
  TestClock,
  timerRows,
  type E2eServer,
} from './support.ts';

/** 09:00 in Vietnam on a local date. */
const nineAm = (date: string) => `${date}T02:00:00.000Z`;
const clock = new TestClock(nineAm('2026-01-05'));
let server: E2eServer;

beforeAll(async () => {
  // v1's chart (the level above decides), as reviews started before v2 still run.
  server = await openServer('branchreview', {
    clock,
    registry: new WorkflowRegistry(
      unionWorkflows.filter((definition) => definition.id !== 'branch-review' || definition.version === 1),
    ),
  });
});
afterAll(async () => server?.close());

const allowed = (view: { allowedEvents: { type: string }[] }) => view.allowedEvents.map((e) => e.type);

/** Bí thư Trần Thị Bình logs the branch's monthly meeting (held on the 10th, entered on the 12th). */
async function logMeetings(id: string, months: number[]) {
  for (const month of months) {
    const mm = String(month).padStart(2, '0');
    clock.set(nineAm(`2026-${mm}-12`));
    await server.http.sent('p-binh', id, 'LOG_MEETING', {
      heldOn: `2026-${mm}-10`,
      topic: 'Sinh hoạt chi đoàn định kỳ',
      attendees: 14,
      minutesRef: `BB-2026-${mm}-10`,
    });
  }
}

describe('đánh giá, xếp loại chi đoàn over HTTP, on PostgreSQL and BullMQ', () => {
  let id: string;

  it('the base opens the year; the branch logs its "3 có"; the month-end reminder fires through BullMQ', async () => {
    const { http } = server;
    const opened = await http.started('p-hieu', 'branch-review', {
      branchId: 'cd-thon2',
      year: 2026,
      baseId: 'tradoc',
    });
    id = opened.id;
    expect(opened.state).toBe('yearRound.evidenceLog');
    expect(Object.fromEntries(opened.timers.map((timer) => [timer.name, timer.due]))).toEqual({
      monthEndReminder: '2026-01-30T01:00:00.000Z',
      submissionReminder7: '2026-12-08T01:00:00.000Z',
      submissionReminder2: '2026-12-13T01:00:00.000Z',
      submissionOverdue: '2026-12-15T17:00:00.000Z',
    });
    expect(opened.tasks).toEqual([
      expect.objectContaining({
        role: 'branchSecretary',
        unitId: 'cd-thon2',
        due: '2026-12-15T17:00:00.000Z',
      }),
    ]);

    await http.sent('p-binh', id, 'RECORD_CADRE', {
      name: 'Trần Thị Bình',
      personId: 'p-binh',
      position: 'secretary',
      since: '2024-03-26',
    });
    await logMeetings(id, [1, 2, 3]);
    // April passes without a meeting: the reminder fires on 29/4 (30/4 is a holiday) and moves to May.
    const reminder = await fireTimer(server, id, 'monthEndReminder');
    expect(reminder.due).toBe('2026-04-29T01:00:00.000Z');
    const reminded = await http.get('p-binh', id);
    expect(reminded.body.state).toBe('yearRound.evidenceLog');
    expect(reminded.body.timers.find((timer) => timer.name === 'monthEndReminder')?.due).toBe(
      '2026-05-29T01:00:00.000Z',
    );
    const history = (await http.history('p-binh', id)).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'MONTH_END_CHECK', actor: { role: 'system' } });

    clock.set(nineAm('2026-05-04'));
    await http.sent('p-binh', id, 'LOG_MEETING', {
      heldOn: '2026-04-26',
      topic: 'Sinh hoạt chủ điểm 30/4',
      attendees: 11,
    });
    await http.sent('p-binh', id, 'LOG_YOUTH_PROJECT', {
      name: 'Tuyến đường thanh niên tự quản thôn 2',
      kind: 'project',
      startedOn: '2026-03-26',
      description: 'Trồng hoa, thắp sáng 800 m đường liên thôn',
    });
    await logMeetings(id, [5, 6, 7, 8, 9, 10]);
    const evidenced = await http.get('p-hieu', id);
    expect(evidenced.body.summary['threeHaves']).toEqual({
      hasCadre: true,
      hasRegularMeetings: true,
      hasYouthProject: true,
      met: true,
    });
  });

  it('the branch submits; the base reviews late (timer), proposes TM.; the city approves', async () => {
    const { http } = server;
    clock.set(nineAm('2026-11-20'));
    const drafted = await http.sent('p-binh', id, 'SAVE_DRAFT', {
      proposedLevel: 'good',
      selfAssessment: 'Duy trì sinh hoạt hằng tháng, có công trình thanh niên',
    });
    expect(drafted.state).toBe('yearRound.drafting');
    clock.set(nineAm('2026-11-23'));
    const submitted = await http.sent('p-binh', id, 'SUBMIT');
    expect(submitted.state).toBe('baseReview');
    // Ten working days from Monday 23/11: Monday 7/12.
    expect(submitted.timers).toEqual([
      expect.objectContaining({ name: 'baseReviewTime', due: '2026-12-07T02:00:00.000Z' }),
    ]);
    expect(allowed((await http.get('p-hieu', id)).body)).toEqual(['RETURN_TO_BRANCH', 'PROPOSE_LEVEL']);
    // Every reminder of the year round (re-armed after each month's meeting) left Redis with its row.
    const rows = await timerRows(server.runtime, id);
    expect(rows.filter((timer) => timer.status === 'pending').map((timer) => timer.name)).toEqual([
      'baseReviewTime',
    ]);
    const cancelled = rows.filter((timer) => timer.status === 'cancelled');
    expect([...new Set(cancelled.map((timer) => timer.name))].sort()).toEqual([
      'monthEndReminder',
      'submissionOverdue',
      'submissionReminder2',
      'submissionReminder7',
    ]);
    for (const timer of cancelled) expect(await server.runtime.timers!.state(timer.id)).toBe('unknown');

    await fireTimer(server, id, 'baseReviewTime');
    const late = await http.get('p-hieu', id);
    expect(late.body.summary['lateStages']).toEqual(['baseReview']);
    expect((await http.historyTypes('p-hieu', id)).at(-1)).toBe('REVIEW_OVERDUE');

    clock.set(nineAm('2026-12-08'));
    const proposal = {
      level: 'good',
      meetingRecordNumber: '24-BB/ĐTN',
      meetingDate: '2026-12-07',
      appraisal: 'Ban Thường vụ Đoàn xã thống nhất đề nghị',
    };
    // The base decides in a meeting: its proposal needs the signed record, scanned.
    const refused = await expectRefusedWithoutWrites(
      server.runtime,
      () => http.send('p-hieu', id, { type: 'PROPOSE_LEVEL', payload: proposal }),
      422,
      'MISSING_DOCUMENTS',
    );
    expect(refused.body.details).toMatchObject({ missing: ['meetingRecord'] });
    const scan = await http.uploaded('p-hieu', id, 'meetingRecord', 'Biên bản họp BTV 24-BB.pdf', pdf());
    const proposed = await http.sent('p-hieu', id, 'PROPOSE_LEVEL', proposal, { attachments: [scan] });
    expect(proposed.state).toBe('upperReview');
    expect(proposed.tasks).toEqual([expect.objectContaining({ role: 'upperStanding', unitId: 'dn' })]);
    const approved = await http.sent('p-ha', id, 'APPROVE', { decisionNumber: '112-QĐ/TĐTN' });
    expect(approved.state).toBe('published');
    expect(approved.summary['result']).toMatchObject({ level: 'good', decisionNumber: '112-QĐ/TĐTN' });
    expect(approved.timers.map((timer) => timer.name)).toEqual(['appealWindow']);
    expect(allowed((await http.get('p-binh', id)).body)).toEqual(['APPEAL']);
  });

  it('closes the year when the appeal window passes (timer), with a history that replays', async () => {
    const { http } = server;
    await fireTimer(server, id, 'appealWindow');
    const closed = await http.get('p-binh', id);
    expect(closed.body).toMatchObject({ state: 'closed', status: 'done', tasks: [], timers: [] });

    const history = (await http.history('p-ha', id)).body.items;
    const proposalEntry = history.find((entry) => entry.type === 'PROPOSE_LEVEL');
    expect(proposalEntry).toMatchObject({
      actor: { personId: 'p-hieu', role: 'baseStanding', unitId: 'tradoc' },
      acting: 'TM',
      attachments: [{ kind: 'meetingRecord', name: 'Biên bản họp BTV 24-BB.pdf' }],
    });
    expect(history.filter((entry) => entry.actor.role === 'system').map((entry) => entry.type)).toEqual([
      'MONTH_END_CHECK',
      'REVIEW_OVERDUE',
      'APPEAL_WINDOW_CLOSED',
    ]);
    const fired = (await timerRows(server.runtime, id)).filter((timer) => timer.status === 'fired');
    expect(fired.map((timer) => timer.name)).toEqual(['monthEndReminder', 'baseReviewTime', 'appealWindow']);
    const audit = await auditInstance(server.runtime, id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
  });

  it('is opened only by the base, and hidden from officers outside it', async () => {
    const { http } = server;
    clock.set(nineAm('2026-01-05'));
    const other = await http.started('p-hieu', 'branch-review', {
      branchId: 'cd-thon5',
      year: 2027,
      baseId: 'tradoc',
    });
    expect(other.state).toBe('yearRound.evidenceLog');
    // Bí thư chi đoàn thôn 5 may not open his own branch's review; Tây An's secretary cannot even see it.
    const refused = await expectRefusedWithoutWrites(
      server.runtime,
      () => http.start('p-cuong', 'branch-review', { branchId: 'cd-thon5', year: 2028, baseId: 'tradoc' }),
      403,
      'EVENT_NOT_ALLOWED',
    );
    expect(refused.body.details['reason']).toBe('role');
    expect((await http.get('p-vy', other.id)).status).toBe(404);
    expect((await http.get('p-cuong', other.id)).status).toBe(200);
  });
});
