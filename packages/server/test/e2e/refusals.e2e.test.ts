import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusedWithoutWrites, openServer, rowCounts, TestClock, type E2eServer } from './support.ts';

const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' };
const referral = { issuedOn: '2026-03-02' };

const clock = new TestClock('2026-03-02T02:00:00Z');
let server: E2eServer;
/** A transfer waiting at Đoàn xã Trà Đốc for its referral (revision 3). */
let id: string;

beforeAll(async () => {
  server = await openServer('refusals', { clock });
  const { http } = server;
  ({ id } = await http.started('p-an', 'member-transfer', request));
  await http.sent('p-an', id, 'SUBMIT');
  await http.sent('p-binh', id, 'CONFIRM', confirm);
});
afterAll(async () => server?.close());

const refused = (
  personId: string,
  event: Record<string, unknown>,
  status: number,
  code: string,
  headers?: Record<string, string>,
) =>
  expectRefusedWithoutWrites(
    server.runtime,
    () => server.http.send(personId, id, event, headers),
    status,
    code,
  );

describe('refusals over HTTP write nothing', () => {
  it('refuses an officer without the role (403 role)', async () => {
    // The branch secretary sees the transfer but may not issue the base's referral.
    const answer = await refused(
      'p-binh',
      { type: 'ISSUE_REFERRAL', payload: referral },
      403,
      'EVENT_NOT_ALLOWED',
    );
    expect(answer.body).toMatchObject({ details: { reason: 'role' } });
  });

  it('refuses the role held at another unit (403 unit)', async () => {
    // Hòa Châu's secretary sees the transfer (her base receives it) but cannot sign Trà Đốc's referral.
    const answer = await refused(
      'p-nga',
      { type: 'ISSUE_REFERRAL', payload: referral },
      403,
      'EVENT_NOT_ALLOWED',
    );
    expect(answer.body).toMatchObject({ details: { reason: 'unit' } });
  });

  it('refuses an officer deciding on their own request (403 conflict of interest)', async () => {
    const { http } = server;
    const own = await http.started('p-binh', 'member-transfer', { ...request, memberId: 'p-binh' });
    await http.sent('p-binh', own.id, 'SUBMIT');
    const answer = await expectRefusedWithoutWrites(
      server.runtime,
      () => http.send('p-binh', own.id, { type: 'CONFIRM', payload: confirm }),
      403,
      'EVENT_NOT_ALLOWED',
    );
    expect(answer.body).toMatchObject({ details: { reason: 'conflict_of_interest' } });
    expect((await http.get('p-binh', own.id)).body.allowedEvents.map((e) => e.type)).not.toContain('CONFIRM');
  });

  it('refuses a signing form the officer does not hold, a timer event, and an event of another state', async () => {
    const kt = await refused(
      'p-hieu',
      { type: 'ISSUE_REFERRAL', payload: referral, acting: 'KT' },
      403,
      'EVENT_NOT_ALLOWED',
    );
    expect(kt.body).toMatchObject({ details: { reason: 'acting_form' } });
    const timer = await refused('p-hieu', { type: 'REFERRAL_EXPIRED' }, 403, 'EVENT_NOT_ALLOWED');
    expect(timer.body).toMatchObject({ details: { reason: 'timer_only' } });
    const state = await refused('p-nga', { type: 'ACCEPT' }, 409, 'EVENT_NOT_ALLOWED');
    expect(state.body).toMatchObject({ details: { reason: 'state' } });
  });

  it('refuses a bad payload with the zod issues (400 INVALID_PAYLOAD)', async () => {
    const answer = await refused(
      'p-hieu',
      { type: 'ISSUE_REFERRAL', payload: { issuedOn: '2/3/2026' } },
      400,
      'INVALID_PAYLOAD',
      { 'idempotency-key': 'bad-payload' },
    );
    expect(answer.body.details.issues?.map((issue) => issue.path)).toEqual([['issuedOn']]);
    // A refused first attempt does not burn its key.
    await refused('p-hieu', { type: 'ISSUE_REFERRAL', payload: {} }, 400, 'INVALID_PAYLOAD', {
      'idempotency-key': 'bad-payload',
    });
  });

  it('refuses an unknown workflow (404) and an invalid start input (400), before any row', async () => {
    const { http, runtime } = server;
    const unknown = await expectRefusedWithoutWrites(
      runtime,
      () => http.start('p-an', 'no-such-workflow', request),
      404,
      'UNKNOWN_WORKFLOW',
    );
    expect(unknown.body).toMatchObject({ details: { workflowId: 'no-such-workflow' } });
    const invalid = await expectRefusedWithoutWrites(
      runtime,
      () => http.start('p-an', 'member-transfer', { ...request, kind: 'temporary' }),
      400,
      'INVALID_INPUT',
    );
    expect(invalid.body.details.issues).toEqual([expect.objectContaining({ path: ['until'] })]);
    // A start by someone the start rules do not admit.
    await expectRefusedWithoutWrites(
      runtime,
      () => http.start('p-lan', 'member-transfer', request),
      403,
      'EVENT_NOT_ALLOWED',
    );
  });

  it('refuses a stale revision with the current one (409), in the body or If-Match', async () => {
    const body = await refused(
      'p-hieu',
      { type: 'ISSUE_REFERRAL', payload: referral, expectedRevision: 2 },
      409,
      'STALE_REVISION',
    );
    expect(body.body).toEqual({
      code: 'STALE_REVISION',
      message: expect.any(String),
      // What changed since: the step the caller had not seen.
      details: { currentRevision: 3, state: 'sourceBase', changes: [expect.objectContaining({ seq: 2 })] },
    });
    const header = await refused(
      'p-hieu',
      { type: 'ISSUE_REFERRAL', payload: referral },
      409,
      'STALE_REVISION',
      {
        'if-match': '"1"',
      },
    );
    expect(header.body).toMatchObject({ details: { currentRevision: 3 } });
  });

  it('hides an instance outside the caller’s org scope behind 404, for reading and acting', async () => {
    const { http, runtime } = server;
    for (const outsider of ['p-dung', 'p-cuong']) {
      expect((await http.get(outsider, id)).status).toBe(404);
      expect((await http.history(outsider, id)).body).toMatchObject({ code: 'NOT_FOUND' });
    }
    await expectRefusedWithoutWrites(
      runtime,
      () => http.send('p-cuong', id, { type: 'CONFIRM', payload: confirm }),
      404,
      'NOT_FOUND',
    );
    // The same answer as for an instance that does not exist.
    const missing = await http.get('p-dung', 'no-such-instance');
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a request without a valid token (401) before anything else', async () => {
    const answer = await expectRefusedWithoutWrites(
      server.runtime,
      async () => {
        const response = await server.app.inject({
          method: 'POST',
          url: `/instances/${id}/events`,
          headers: { authorization: 'Bearer not.a.token' },
          payload: { type: 'ISSUE_REFERRAL', payload: referral },
        });
        return { status: response.statusCode, body: response.json(), etag: undefined };
      },
      401,
      'UNAUTHENTICATED',
    );
    expect(answer.body.details).toEqual({ reason: 'malformed' });
  });
});

describe('Idempotency-Key over HTTP', () => {
  it('answers a replayed decision with the first answer and writes it once', async () => {
    const { http, runtime } = server;
    const headers = { 'idempotency-key': 'issue-12' };
    // A retry repeats the first request exactly, revision included.
    const seen = await http.get('p-hieu', id);
    const event = {
      type: 'ISSUE_REFERRAL',
      payload: referral,
      acting: 'TM',
      expectedRevision: seen.body.revision,
    };
    const before = await rowCounts(runtime);
    const first = await http.send('p-hieu', id, event, headers);
    expect(first.status).toBe(200);
    const afterFirst = await rowCounts(runtime);
    expect(afterFirst['history']).toBe(before['history']! + 1);
    expect(afterFirst['idempotency_keys']).toBe(before['idempotency_keys']! + 1);

    const again = await http.send('p-hieu', id, event, headers);
    expect(again).toEqual(first);
    expect(await rowCounts(runtime)).toEqual(afterFirst);
    // The same key for another request is refused; for another person it is another key.
    await expectRefusedWithoutWrites(
      runtime,
      () => http.send('p-hieu', id, { type: 'RETURN_TO_BRANCH', payload: { reason: 'x' } }, headers),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('answers concurrent retries of one start with one instance', async () => {
    const { http, runtime } = server;
    const before = await rowCounts(runtime);
    const headers = { 'idempotency-key': 'start-once' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => http.start('p-an', 'member-transfer', request, headers)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    answers.forEach((answer) => expect(answer).toEqual(answers[0]));
    const after = await rowCounts(runtime);
    expect(after['instances']).toBe(before['instances']! + 1);
    expect(after['history']).toBe(before['history']! + 1);
    expect(after['idempotency_keys']).toBe(before['idempotency_keys']! + 1);
  });
});
