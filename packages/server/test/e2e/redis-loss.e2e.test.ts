import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, REDIS_URL, TestClock, type E2eServer } from './support.ts';

const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const round = {
  awardingUnitId: 'dn',
  name: 'Xét khen thưởng chào mừng 95 năm Ngày thành lập Đoàn',
  awardForms: [{ id: 'bi-thu-gioi', name: 'Bí thư chi đoàn giỏi', nomineeKind: 'person' }],
  quotas: { tradoc: 2 },
};

const clock = new TestClock('2026-03-02T02:00:00Z');
let server: E2eServer;
let redis: Redis;

beforeAll(async () => {
  server = await openServer('redisloss', { clock });
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.close();
});

/** Redis loses every key of this deployment (its BullMQ prefix): jobs, ids, markers, metadata. */
async function loseRedis(): Promise<number> {
  let removed = 0;
  for await (const keys of redis.scanStream({ match: `${server.prefix}:*`, count: 500 })) {
    if ((keys as string[]).length) removed += await redis.unlink(...(keys as string[]));
  }
  return removed;
}

/** One instance per timer, each with exactly one pending timer: transfers in transit, an open round. */
async function pendingTimers(): Promise<{ instanceId: string; event: string }[]> {
  const { http } = server;
  const waiting: { instanceId: string; event: string }[] = [];
  for (let i = 0; i < 3; i += 1) {
    const { id } = await http.started('p-an', 'member-transfer', request);
    await http.sent('p-an', id, 'SUBMIT');
    await http.sent('p-binh', id, 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
    const day = clock.now().toISOString().slice(0, 10);
    await http.sent('p-hieu', id, 'ISSUE_REFERRAL', { referralNumber: `${i}/GGT`, issuedOn: day });
    waiting.push({ instanceId: id, event: 'REFERRAL_EXPIRED' });
  }
  const deadline = new Date(clock.now().getTime() + 20 * 86_400_000).toISOString();
  const campaign = await http.started('p-yen', 'award-campaign', { ...round, deadline });
  waiting.push({ instanceId: campaign.id, event: 'DEADLINE_PASSED' });
  return waiting;
}

const pendingRows = (instanceIds: string[]) =>
  server.runtime.db.query<{ id: string; instance_id: string; due: string | Date }>(
    `select id, instance_id, due from timers where status = 'pending' and instance_id = any($1) order by due`,
    [instanceIds],
  );

/** Each timer row fired once and each instance's history holds its timer event exactly once. */
async function expectFiredOnce(waiting: { instanceId: string; event: string }[]) {
  const instanceIds = waiting.map((w) => w.instanceId);
  const rows = await server.runtime.db.query<{ instance_id: string; status: string }>(
    'select instance_id, status from timers where instance_id = any($1)',
    [instanceIds],
  );
  expect(rows.filter((row) => row.status === 'pending')).toEqual([]);
  for (const { instanceId, event } of waiting) {
    expect(rows.filter((row) => row.instance_id === instanceId && row.status === 'fired')).toHaveLength(1);
    const types = await server.http.historyTypes('p-ha', instanceId);
    expect(types.filter((type) => type === event)).toEqual([event]);
    expect(types.at(-1)).toBe(event);
  }
}

describe('Redis flushed while timers are pending', () => {
  it('re-enqueues every lost wake-up; the worker and a racing reconciler then fire each once', async () => {
    const { runtime, http } = server;
    clock.set('2026-03-02T02:00:00Z');
    const waiting = await pendingTimers();
    const timers = await pendingRows(waiting.map((w) => w.instanceId));
    expect(timers).toHaveLength(waiting.length);
    for (const timer of timers) expect(await runtime.timers!.state(timer.id)).toBe('delayed');

    expect(await loseRedis()).toBeGreaterThan(0);
    for (const timer of timers) expect(await runtime.timers!.state(timer.id)).toBe('unknown');
    // The API keeps answering and deciding while Redis is empty.
    expect((await http.get('p-hieu', waiting[0]!.instanceId)).body.state).toBe('inTransit');

    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: timers.length });
    for (const timer of timers) expect(await runtime.timers!.state(timer.id)).toBe('delayed');
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });

    // Every deadline passes; the wake-ups are promoted while a reconciliation runs at the same time.
    clock.set(new Date(new Date(timers.at(-1)!.due).getTime() + 60_000).toISOString());
    const [, report] = await Promise.all([
      Promise.all(timers.map((timer) => runtime.timers!.promote(timer.id))),
      runtime.reconcile(),
    ]);
    expect(report.enqueued).toBe(0);
    await expect
      .poll(async () => (await pendingRows(waiting.map((w) => w.instanceId))).length, { timeout: 10_000 })
      .toBe(0);
    await expectFiredOnce(waiting);
    expect((await http.get('p-hieu', waiting[0]!.instanceId)).body.state).toBe('referralExpired');
    expect((await http.get('p-yen', waiting.at(-1)!.instanceId)).body.state).toBe('closed');
  });

  it('fires overdue timers at reconciliation when Redis lost them and their time has already passed', async () => {
    const { runtime } = server;
    clock.set('2026-06-01T02:00:00Z');
    const waiting = await pendingTimers();
    const timers = await pendingRows(waiting.map((w) => w.instanceId));
    expect(await loseRedis()).toBeGreaterThan(0);

    clock.advanceDays(60);
    expect(await runtime.reconcile()).toEqual({ fired: timers.length, enqueued: 0 });
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });
    // A late wake-up (a job re-added by an old process) finds nothing to do.
    await runtime.timers!.schedule(
      timers.map((timer) => ({ id: timer.id, due: clock.now().toISOString() })),
      clock.now(),
    );
    await expect
      .poll(async () => Promise.all(timers.map((timer) => runtime.timers!.state(timer.id))), {
        timeout: 10_000,
      })
      .toEqual(timers.map(() => 'unknown'));
    await expectFiredOnce(waiting);
  });
});
