import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Housekeeping } from '../../src/runner/housekeeping.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_housekeeping');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const count = async (sql: string) =>
  Number((await runtime.db.query<{ n: string }>(`select count(*) as n from ${sql}`))[0]!.n);

describe('housekeeping', () => {
  it('deletes delivered outbox rows and idempotency keys once they are old, in batches, and nothing else', async () => {
    const old = await runtime.start('member-transfer', transferInput, person('p-an'), {
      idempotencyKey: 'old-1',
    });
    await runtime.send(old.id, { type: 'SUBMIT' }, person('p-an'), { idempotencyKey: 'old-2' });
    await runtime.db.query(`update outbox set delivered_at = $1`, [clock.now().toISOString()]);
    const undeliveredOld = await count('outbox where delivered_at is null');

    clock.advanceDays(8);
    const fresh = await runtime.start('member-transfer', transferInput, person('p-an'), {
      idempotencyKey: 'fresh-1',
    });
    await runtime.db.query(`update outbox set delivered_at = $1 where delivered_at is null`, [
      clock.now().toISOString(),
    ]);
    const deliveredOld = await count(`outbox where delivered_at < '2026-03-03'`);
    const outboxBefore = await count('outbox');
    const historyBefore = await count('history');
    expect(deliveredOld).toBeGreaterThan(1);
    expect(undeliveredOld).toBe(0);

    const report = await new Housekeeping({ db: runtime.db, clock, batchSize: 1 }).pruneOnce();

    expect(report).toEqual({
      outbox: deliveredOld,
      idempotencyKeys: 2,
      notifications: 0,
      uploads: 0,
      blobs: 0,
    });
    expect(await count('outbox')).toBe(outboxBefore - deliveredOld);
    expect(await count('history')).toBe(historyBefore);
    expect(await count(`idempotency_keys where key = 'fresh-1'`)).toBe(1);
    // The fresh key still answers its retry with the first answer.
    await expect(
      runtime.start('member-transfer', transferInput, person('p-an'), { idempotencyKey: 'fresh-1' }),
    ).resolves.toEqual(fresh);
  });

  it('deletes notifications done with 90 days ago, never one still waiting', async () => {
    const row = (key: string, state: string, createdAt: string) =>
      runtime.db.query(
        `insert into notifications (key, person_id, channel, kind, payload, state, not_before, created_at)
         values ($1, 'p-binh', 'email', 'task.new', '{}', $2, $3, $3)`,
        [key, state, createdAt],
      );
    const longAgo = new Date(clock.now().getTime() - 91 * 86_400_000).toISOString();
    await row('old-sent', 'sent', longAgo);
    await row('old-failed', 'failed', longAgo);
    await row('old-pending', 'pending', longAgo);
    await row('recent-sent', 'sent', clock.now().toISOString());
    const report = await new Housekeeping({ db: runtime.db, clock, batchSize: 1 }).pruneOnce();
    expect(report.notifications).toBe(2);
    const left = await runtime.db.query<{ key: string }>('select key from notifications order by key');
    expect(left.map((r) => r.key)).toEqual(['old-pending', 'recent-sent']);
  });

  it('keeps undelivered outbox rows however old they are', async () => {
    await runtime.start('member-transfer', transferInput, person('p-an'));
    const undelivered = await count('outbox where delivered_at is null');
    clock.advanceDays(400);
    await new Housekeeping({ db: runtime.db, clock }).pruneOnce();
    expect(await count('outbox where delivered_at is null')).toBe(undelivered);
    expect(undelivered).toBeGreaterThan(0);
  });

  it('vacuums the rewritten tables only where the database does not (autovacuum off, or PGlite)', async () => {
    const [{ on }] = (await runtime.db.query<{ on: string }>(
      `select current_setting('autovacuum') as on`,
    )) as [{ on: string }];
    const housekeeping = new Housekeeping({ db: runtime.db, clock });
    expect(await housekeeping.vacuumIfNeeded()).toBe(on === 'off');
  });

  it('fills in the participants of instances a release older than the column started', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    await runtime.send(
      view.id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      person('p-binh'),
    );
    // Release 0.1.0 inserts whole rows: the column it does not know is NULL (and never updated).
    await runtime.db.query(`update instances set participant_ids = null where id = $1`, [view.id]);
    const housekeeping = new Housekeeping({ db: runtime.db, clock, batchSize: 2 });
    expect(await housekeeping.repairUnset()).toBe(1);
    const [row] = await runtime.db.query<{ participant_ids: string[] }>(
      'select participant_ids from instances where id = $1',
      [view.id],
    );
    expect(row!.participant_ids).toEqual(['p-an', 'p-binh']);
    expect(await housekeeping.repairUnset()).toBe(0);
  });
});
