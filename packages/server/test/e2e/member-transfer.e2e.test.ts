import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditInstance,
  bearer,
  fireTimer,
  openServer,
  TestClock,
  timerRows,
  type E2eServer,
} from './support.ts';

// Nguyễn Văn An (Chi đoàn thôn 2, Đoàn xã Trà Đốc) moves to Đoàn phường Hòa Châu.
const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };

const clock = new TestClock('2026-03-02T02:00:00Z'); // Monday
let server: E2eServer;
const today = () => clock.now().toISOString().slice(0, 10);
const allowed = (view: { allowedEvents: { type: string }[] }) => view.allowedEvents.map((e) => e.type);

beforeAll(async () => {
  server = await openServer('transfer', { clock });
});
afterAll(async () => server?.close());

/** Reads a Server-Sent Events body until `until` holds. */
async function readUntil(body: ReadableStream<Uint8Array>, until: (text: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel();
  }
  return text;
}

describe('chuyển sinh hoạt đoàn over HTTP, on PostgreSQL and BullMQ', () => {
  let id: string;

  it('walks the transfer from the request to the destination base, signed KT. by the deputy', async () => {
    const { http } = server;
    const started = await http.start('p-an', 'member-transfer', request);
    expect(started.status).toBe(201);
    expect(started.etag).toBe('"1"');
    expect(started.body).toMatchObject({ state: 'requested', revision: 1, orgUnitId: 'cd-thon2' });
    id = started.body.id;
    expect(allowed(started.body)).toContain('SUBMIT');

    expect(await http.sent('p-an', id, 'SUBMIT')).toMatchObject({ state: 'sourceBranch', revision: 2 });
    const confirmed = await http.send(
      'p-binh',
      id,
      { type: 'CONFIRM', payload: confirm },
      { 'if-match': '"2"' },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.etag).toBe('"3"');
    expect(confirmed.body.state).toBe('sourceBase');

    const issued = await http.sent('p-khanh', id, 'ISSUE_REFERRAL', { issuedOn: today() }, { acting: 'KT' });
    expect(issued.state).toBe('inTransit');
    expect(issued.timers).toEqual([
      expect.objectContaining({ name: 'referralValidity', kind: 'expiry', due: '2026-04-01T02:00:00.000Z' }),
    ]);
    const [validity] = await timerRows(server.runtime, id);
    expect(await server.runtime.timers!.state(validity!.id)).toBe('delayed');

    const presented = await http.sent('p-an', id, 'PRESENT_REFERRAL');
    expect(presented.state).toBe('destinationBase');
    // Five working days from Monday 2 March.
    expect(presented.timers).toEqual([
      expect.objectContaining({ name: 'destinationResponse', due: '2026-03-09T02:00:00.000Z' }),
    ]);
    // The referral's wake-up left Redis with its timer row.
    expect(await server.runtime.timers!.state(validity!.id)).toBe('unknown');
    expect((await http.get('p-ha', id)).body.allowedEvents).toEqual([]);
  });

  it('lets the level above act once the destination misses its deadline (timer via BullMQ)', async () => {
    const { http } = server;
    await fireTimer(server, id, 'destinationResponse');
    const view = await http.get('p-ha', id);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ state: 'destinationBase', revision: 6, timers: [] });
    expect(allowed(view.body)).toEqual(['ACCEPT', 'RETURN_TO_SOURCE']);
    const history = (await http.history('p-ha', id)).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'RESPONSE_OVERDUE', actor: { role: 'system' } });

    const accepted = await http.sent('p-ha', id, 'ACCEPT', undefined, { comment: 'Đồng ý tiếp nhận' });
    expect(accepted.state).toBe('branchAssignment');
    const assigned = await http.sent('p-nga', id, 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    expect(assigned.state).toBe('awaitingAcknowledgement');
    expect(assigned.timers.map((timer) => timer.name)).toEqual(['acknowledgement']);
  });

  it('completes when nobody acknowledges within 7 days, announced on the branch secretary’s live stream', async () => {
    const { http, app } = server;
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await fetch(`${address}/events`, { headers: await bearer('p-vy') });
    expect(stream.status).toBe(200);
    const announced = readUntil(stream.body!, (text) => text.includes('"state":"completed"'));

    await fireTimer(server, id, 'acknowledgement');
    const text = await announced;
    expect(text).toContain(`"instanceId":"${id}"`);

    const view = await http.get('p-vy', id);
    expect(view.body).toMatchObject({ state: 'completed', status: 'done', tasks: [], timers: [] });
    expect(await http.historyTypes('p-an', id)).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
      'ISSUE_REFERRAL',
      'PRESENT_REFERRAL',
      'RESPONSE_OVERDUE',
      'ACCEPT',
      'ASSIGN_BRANCH',
      'ACKNOWLEDGEMENT_DUE',
    ]);
    const history = (await http.history('p-an', id)).body.items;
    expect(history[3]).toMatchObject({
      actor: { personId: 'p-khanh', role: 'baseSecretary', unitId: 'tradoc', name: 'Bùi Ngọc Khánh' },
      acting: 'KT',
    });
    expect(history[6]).toMatchObject({
      comment: 'Đồng ý tiếp nhận',
      actor: { personId: 'p-ha', unitName: 'Thành đoàn Đà Nẵng' },
    });
    history.slice(1).forEach((entry, index) => expect(entry.prevHash).toBe(history[index]!.hash));

    const timers = await timerRows(server.runtime, id);
    expect(timers.map((timer) => `${timer.name}:${timer.status}`)).toEqual([
      'referralValidity:cancelled',
      'destinationResponse:fired',
      'acknowledgement:fired',
    ]);
    const audit = await auditInstance(server.runtime, id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
    expect(audit.lastHashMatches).toBe(true);
  });

  it('expires a referral after 30 days; the base reissues it, it lapses again and the member cancels', async () => {
    const { http } = server;
    const { id: other } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', other, 'SUBMIT');
    await http.sent('p-binh', other, 'CONFIRM', confirm);
    await http.sent('p-hieu', other, 'ISSUE_REFERRAL', { issuedOn: today() });

    await fireTimer(server, other, 'referralValidity');
    const expired = await http.get('p-hieu', other);
    expect(expired.body.state).toBe('referralExpired');
    expect(allowed(expired.body)).toEqual(['REISSUE', 'CANCEL']);
    expect(allowed((await http.get('p-an', other)).body)).toEqual(['CANCEL']);

    const reissued = await http.sent('p-hieu', other, 'REISSUE', {
      issuedOn: today(),
    });
    expect(reissued).toMatchObject({ state: 'inTransit', summary: expect.any(Object) });
    expect(reissued.timers).toEqual([
      // 30 days from the reissue, not from the first referral.
      expect.objectContaining({
        name: 'referralValidity',
        due: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
      }),
    ]);
    // The second referral lapses too; the member gives up.
    await fireTimer(server, other, 'referralValidity');
    const cancelled = await http.sent('p-an', other, 'CANCEL', { reason: 'Không chuyển nữa' });
    expect(cancelled).toMatchObject({ state: 'cancelled', status: 'done', timers: [] });

    expect(await http.historyTypes('p-hieu', other)).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
      'ISSUE_REFERRAL',
      'REFERRAL_EXPIRED',
      'REISSUE',
      'REFERRAL_EXPIRED',
      'CANCEL',
    ]);
    const timers = await timerRows(server.runtime, other);
    expect(timers.map((timer) => timer.status)).toEqual(['fired', 'fired']);
    for (const timer of timers) expect(await server.runtime.timers!.state(timer.id)).toBe('unknown');
  });
});
