import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditInstance,
  expectRefusedWithoutWrites,
  openServer,
  TestClock,
  type E2eServer,
} from './support.ts';

const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};

const clock = new TestClock('2026-03-02T02:00:00Z');
let server: E2eServer;

beforeAll(async () => {
  // No DATABASE_URL, no Redis: PostgreSQL in-process (in memory), timers by the reconciler.
  server = await openServer('pglite', { clock, embedded: true, dataDir: 'memory://' });
});
afterAll(async () => server?.close());

describe('a member transfer over HTTP on the embedded PGlite database', () => {
  it('walks the whole story, the response deadline firing at reconciliation', async () => {
    const { http, runtime } = server;
    expect(runtime.db.kind).toBe('pglite');
    expect(runtime.timers).toBeNull();

    const { id } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', id, 'SUBMIT');
    expect((await http.inbox('p-binh', { search: 'nguyen van an' })).body.items).toEqual([
      expect.objectContaining({ instanceId: id, role: 'branchSecretary' }),
    ]);
    await http.sent('p-binh', id, 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
    const refusal = await expectRefusedWithoutWrites(
      runtime,
      () =>
        http.send('p-binh', id, {
          type: 'ISSUE_REFERRAL',
          payload: { referralNumber: '1', issuedOn: '2026-03-02' },
        }),
      403,
      'EVENT_NOT_ALLOWED',
    );
    expect(refusal.body).toMatchObject({ details: { reason: 'role' } });
    await http.sent(
      'p-khanh',
      id,
      'ISSUE_REFERRAL',
      { referralNumber: '12/GGT', issuedOn: '2026-03-02' },
      { acting: 'KT' },
    );

    // Two racing presentations of one revision: one wins, the other is stale.
    const racing = await Promise.all([
      http.send('p-an', id, { type: 'PRESENT_REFERRAL', expectedRevision: 4 }),
      http.send('p-an', id, { type: 'PRESENT_REFERRAL', expectedRevision: 4 }),
    ]);
    expect(racing.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const presented = racing.find((answer) => answer.status === 200)!.body;
    expect(presented.state).toBe('destinationBase');

    clock.set(presented.timers[0]!.due);
    expect(await runtime.reconcile()).toEqual({ fired: 1, enqueued: 0 });
    expect((await http.get('p-ha', id)).body.allowedEvents.map((event) => event.type)).toEqual([
      'ACCEPT',
      'RETURN_TO_SOURCE',
    ]);
    await http.sent('p-ha', id, 'ACCEPT');
    await http.sent('p-nga', id, 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    const done = await http.sent('p-vy', id, 'ACKNOWLEDGE');
    expect(done).toMatchObject({ state: 'completed', status: 'done', tasks: [], timers: [] });

    expect(await http.historyTypes('p-an', id)).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
      'ISSUE_REFERRAL',
      'PRESENT_REFERRAL',
      'RESPONSE_OVERDUE',
      'ACCEPT',
      'ASSIGN_BRANCH',
      'ACKNOWLEDGE',
    ]);
    expect((await http.get('p-dung', id)).status).toBe(404);
    const audit = await auditInstance(runtime, id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
  });
});
