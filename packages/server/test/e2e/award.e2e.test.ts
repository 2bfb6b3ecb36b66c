import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { docx, pdf, photo, xlsx } from '../support/files.ts';
import { auditInstance, fireTimer, openServer, TestClock, timerRows, type E2eServer } from './support.ts';

const clock = new TestClock('2026-02-11T02:00:00Z');
let server: E2eServer;
const today = () => clock.now().toISOString().slice(0, 10);
const allowed = (view: { allowedEvents: { type: string }[] }) => view.allowedEvents.map((e) => e.type);

beforeAll(async () => {
  // The v1 round and nomination (figures copied into its input), as instances started before v2 still run.
  server = await openServer('award', {
    clock,
    registry: new WorkflowRegistry(
      unionWorkflows.filter((definition) => !definition.id.startsWith('award-') || definition.version === 1),
    ),
  });
});
afterAll(async () => server?.close());

/** Dossiers for the 26/3 round close Tuesday 10/3/2026 at 17:00 (Vietnam). */
const deadline = '2026-03-10T10:00:00.000Z';
const outstandingBranch = {
  id: 'cd-kdc-xuat-sac',
  name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu',
  nomineeKind: 'branch',
};
/** Đoàn xã Trà Đốc nominates Chi đoàn thôn 2. */
const thon2Nomination = {
  campaignId: 'dot-26-3-2026',
  awardingUnitId: 'dn',
  nominatingUnitId: 'tradoc',
  deadline,
  quota: 2,
  alreadySubmitted: 0,
  councilSize: 6,
  awardForm: outstandingBranch,
  nominee: { kind: 'branch', unitId: 'cd-thon2' },
};
/** The dossier's files as the officer has them: scans and word-processor files. */
const documents = {
  requestLetter: ['Tờ trình số 05-TTr-ĐTN.pdf', pdf('Tờ trình đề nghị khen thưởng')],
  meetingRecord: ['Biên bản họp Ban Thường vụ ngày 10-02-2026.png', photo(3)],
  nomineeList: ['Danh sách đề nghị khen thưởng.xlsx', xlsx()],
  achievementReport: ['Báo cáo thành tích năm 2025.docx', docx()],
} as const;

describe('đề nghị khen thưởng over HTTP, on PostgreSQL and BullMQ', () => {
  let id: string;

  it('Đoàn xã Trà Đốc prepares the dossier; the deadline reminder arrives through BullMQ', async () => {
    const { http } = server;
    clock.set('2026-02-11T02:00:00Z');
    const started = await http.started('p-hieu', 'award-nomination', thon2Nomination);
    id = started.id;
    expect(started.state).toBe('preparing');
    expect(started.timers.map((timer) => `${timer.name} ${timer.due}`)).toEqual([
      `submissionDeadline ${deadline}`,
      'deadlineReminder 2026-03-05T10:00:00.000Z',
    ]);
    expect(started.tasks.map((task) => `${task.role}@${task.unitId}`).sort()).toEqual([
      'baseSecretary@tradoc',
      'baseStanding@tradoc',
    ]);

    // The deputy secretary files the dossier ("KT.").
    for (const [kind, [name, bytes]] of Object.entries(documents)) {
      const attachment = await http.uploaded('p-khanh', id, kind, name, bytes);
      await http.sent('p-khanh', id, 'ADD_DOCUMENT', {}, { attachments: [attachment] });
    }
    const rated = await http.sent('p-khanh', id, 'RECORD_RATING', {
      year: 2025,
      rating: 'excellent',
      disciplined: false,
    });
    expect(rated.summary).toMatchObject({ missingDocuments: [], ineligibleBecause: [], quotaLeft: 2 });

    await fireTimer(server, id, 'deadlineReminder');
    const reminded = await http.get('p-hieu', id);
    expect(reminded.body).toMatchObject({ state: 'preparing', revision: 7 });
    expect(reminded.body.timers.map((timer) => timer.name)).toEqual(['submissionDeadline']);
    const history = (await http.history('p-hieu', id)).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'DEADLINE_REMINDER', actor: { role: 'system' } });
    expect(history[1]).toMatchObject({ actor: { personId: 'p-khanh' }, acting: 'KT' });
    const outbox = await server.runtime.db.query<{ payload: { message?: string } }>(
      `select payload from outbox where topic = 'notify'`,
    );
    expect(outbox.map((row) => row.payload.message)).toContain('award.deadlineSoon');
  });

  it('the secretary submits; the office misses its check and the standing secretary is told', async () => {
    const { http } = server;
    const submitted = await http.sent('p-hieu', id, 'SUBMIT');
    expect(submitted.state).toBe('secretariatCheck');
    expect(submitted.timers.map((timer) => timer.name)).toEqual(['dossierCheck']);
    expect(submitted.tasks).toContainEqual(
      expect.objectContaining({
        role: 'secretariat',
        unitId: 'dn',
        events: ['ACCEPT_DOSSIER', 'RETURN_INCOMPLETE'],
      }),
    );
    // The Office of the city union finds it in its inbox.
    const inbox = await http.inbox('p-yen', { workflowId: 'award-nomination' });
    expect(inbox.body.items.map((item) => item.instanceId)).toEqual([id]);
    expect(inbox.body.counts.overdue).toBe(0);

    // Past the check's due time the task counts as overdue, before any wake-up has run.
    const checkDue = Date.parse(submitted.timers[0]!.due);
    clock.set(new Date(checkDue + 60_000).toISOString());
    const late = (await http.inbox('p-yen', { workflowId: 'award-nomination' })).body;
    expect(late.counts.overdue).toBe(1);
    expect(late.items[0]).toMatchObject({ overdue: true, due: submitted.timers[0]!.due });

    await fireTimer(server, id, 'dossierCheck');
    const overdue = await http.get('p-yen', id);
    expect(overdue.body).toMatchObject({ state: 'secretariatCheck', timers: [] });
    expect(allowed(overdue.body)).toEqual(['ACCEPT_DOSSIER', 'RETURN_INCOMPLETE']);
    expect((await http.historyTypes('p-yen', id)).at(-1)).toBe('CHECK_OVERDUE');
  });

  it('the council votes (a member of the nominated branch may not), the chair closes, the secretary signs TM.', async () => {
    const { http } = server;
    const accepted = await http.sent('p-yen', id, 'ACCEPT_DOSSIER', undefined, { comment: 'Hồ sơ đầy đủ' });
    expect(accepted.state).toBe('councilVoting');
    // p-long lives in thôn 2: no ballot for him here.
    expect((await http.get('p-long', id)).body.allowedEvents).toEqual([]);

    for (const [member, vote] of [
      ['p-ha', 'yes'],
      ['p-tuan', 'yes'],
      ['p-yen', 'yes'],
      ['p-nga', 'no'],
    ] as const) {
      await http.sent(member, id, 'CAST_VOTE', { vote });
    }
    expect((await http.get('p-hieu', id)).body.allowedEvents).toEqual([]); // no withdrawal after a ballot
    const closed = await http.sent('p-ha', id, 'CLOSE_VOTE');
    expect(closed.state).toBe('awaitingSignature');
    expect(closed.summary['outcome']).toEqual({
      councilSize: 6,
      present: 4,
      yes: 3,
      no: 1,
      abstain: 0,
      quorumMet: true,
      approved: true,
    });

    clock.set('2026-03-20T03:00:00Z');
    const signed = await http.sent('p-ha', id, 'SIGN_DECISION', {
      decisionNumber: '215-QĐ/TĐTN',
      signedOn: today(),
      certificateNumber: 'GK-2026-031',
    });
    expect(signed).toMatchObject({ state: 'awarded', status: 'done', tasks: [], timers: [] });
    expect(signed.summary['decision']).toMatchObject({ signedBy: 'p-ha', acting: 'TM' });

    expect(await http.historyTypes('p-hieu', id)).toEqual([
      '$start',
      ...Object.keys(documents).map(() => 'ADD_DOCUMENT'),
      'RECORD_RATING',
      'DEADLINE_REMINDER',
      'SUBMIT',
      'CHECK_OVERDUE',
      'ACCEPT_DOSSIER',
      'CAST_VOTE',
      'CAST_VOTE',
      'CAST_VOTE',
      'CAST_VOTE',
      'CLOSE_VOTE',
      'SIGN_DECISION',
    ]);
    const timers = await timerRows(server.runtime, id);
    expect(timers.map((timer) => `${timer.name}:${timer.status}`)).toEqual([
      'submissionDeadline:cancelled',
      'deadlineReminder:fired',
      'dossierCheck:fired',
    ]);
    const audit = await auditInstance(server.runtime, id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
  });

  it('rejects a dossier not sent by the hard deadline (the deadline timer through BullMQ)', async () => {
    const { http } = server;
    clock.set('2026-02-12T02:00:00Z');
    const late = await http.started('p-hieu', 'award-nomination', {
      ...thon2Nomination,
      nominee: { kind: 'branch', unitId: 'cd-thon5' },
    });
    await fireTimer(server, late.id, 'submissionDeadline');
    const view = await http.get('p-hieu', late.id);
    expect(view.body).toMatchObject({ state: 'rejectedLate', status: 'done', timers: [] });
    const history = (await http.history('p-hieu', late.id)).body.items;
    // The clock jumped past the reminder too: it falls due first and fires first, as it would have.
    expect(history.map((entry) => entry.type)).toEqual([
      '$start',
      'DEADLINE_REMINDER',
      'SUBMISSION_DEADLINE',
    ]);
    expect(history[2]).toMatchObject({ actor: { role: 'system' } });
    const timers = await timerRows(server.runtime, late.id);
    expect(timers.map((timer) => `${timer.name}:${timer.status}`)).toEqual([
      'submissionDeadline:fired',
      'deadlineReminder:fired',
    ]);
    // The reminder went with the deadline's batch: its own wake-up was removed, not left to wake for nothing.
    await vi.waitFor(async () => expect(await server.runtime.timers!.state(timers[1]!.id)).toBe('unknown'));
  });
});

describe('đợt xét khen thưởng over HTTP', () => {
  const round = {
    awardingUnitId: 'dn',
    name: 'Xét khen thưởng chào mừng 95 năm Ngày thành lập Đoàn',
    awardForms: [
      outstandingBranch,
      { id: 'bi-thu-gioi', name: 'Bí thư chi đoàn giỏi', nomineeKind: 'person' },
    ],
    quotas: { tradoc: 2, tramy: 2, hoachau: 1 },
    deadline: '2026-04-17T17:00:00+07:00',
  };

  it('the office opens the round, the deadline closes it, the council review runs late, a deputy signs KT.', async () => {
    const { http } = server;
    clock.set('2026-03-27T02:00:00Z');
    const opened = await http.started('p-yen', 'award-campaign', round);
    expect(opened.state).toBe('open');
    expect(opened.timers).toEqual([
      expect.objectContaining({
        name: 'nominationDeadline',
        kind: 'deadline',
        due: '2026-04-17T10:00:00.000Z',
      }),
    ]);
    // Nobody closes a round by hand; the standing secretary may cancel it.
    expect(opened.allowedEvents).toEqual([]);
    expect(allowed((await http.get('p-ha', opened.id)).body)).toEqual(['CANCEL']);

    await fireTimer(server, opened.id, 'nominationDeadline');
    const closed = await http.get('p-yen', opened.id);
    expect(closed.body.state).toBe('closed');
    expect(allowed(closed.body)).toEqual(['SEND_TO_COUNCIL']);

    clock.set('2026-04-20T02:00:00Z');
    const review = await http.sent('p-yen', opened.id, 'SEND_TO_COUNCIL', { dossiersReceived: 5 });
    expect(review.state).toBe('councilReview');
    // Ten working days from Monday 20/4 skip 27/4 (Giỗ Tổ), 30/4 and 1/5.
    expect(review.timers).toEqual([
      expect.objectContaining({ name: 'councilReview', kind: 'escalation', due: '2026-05-07T02:00:00.000Z' }),
    ]);
    expect(review.tasks).toEqual([
      expect.objectContaining({ role: 'standingSecretary', unitId: 'dn', due: '2026-05-07T02:00:00.000Z' }),
    ]);

    await fireTimer(server, opened.id, 'councilReview');
    expect((await http.historyTypes('p-ha', opened.id)).at(-1)).toBe('REVIEW_OVERDUE');
    expect((await http.get('p-ha', opened.id)).body).toMatchObject({ state: 'councilReview', timers: [] });

    clock.set('2026-05-08T02:00:00Z');
    const signed = await http.sent(
      'p-long',
      opened.id,
      'SIGN_DECISION',
      { decisionNumber: '150-QĐ/TĐTN', signedOn: today(), awardedCount: 4 },
      { acting: 'KT' },
    );
    expect(signed).toMatchObject({ state: 'decisionSigned', status: 'done' });
    expect(signed.summary['decision']).toEqual({
      number: '150-QĐ/TĐTN',
      signedOn: '2026-05-08',
      awardedCount: 4,
      signedBy: 'p-long',
      acting: 'KT',
    });
    const history = (await http.history('p-yen', opened.id)).body.items;
    expect(history.map((entry) => `${entry.type}:${entry.actor.role}`)).toEqual([
      '$start:secretariat',
      'DEADLINE_PASSED:system',
      'SEND_TO_COUNCIL:secretariat',
      'REVIEW_OVERDUE:system',
      'SIGN_DECISION:standingSecretary',
    ]);
    const timers = await timerRows(server.runtime, opened.id);
    expect(timers.map((timer) => timer.status)).toEqual(['fired', 'fired']);
    const audit = await auditInstance(server.runtime, opened.id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
  });
});
