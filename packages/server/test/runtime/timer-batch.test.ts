import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliverTimerBatch, dueTimerIds } from '../../src/runner/timer-batch.ts';
import { DeliveryBatcher } from '../../src/timers/delivery-batcher.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInTransit, uniqueName } from './support.ts';

const schema = uniqueName('rt_timer_batch');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** A transfer in "inTransit", its referral validity timer pending. */
const inTransit = () => transferInTransit(runtime);

const expiries = async (id: string) =>
  (
    await runtime.db.query('select seq from history where instance_id = $1 and type = $2', [
      id,
      'REFERRAL_EXPIRED',
    ])
  ).length;

describe('timers delivered several per transaction', () => {
  it('fires each once under racing batches; a refused timer is settled without holding up the others', async () => {
    clock.set('2026-03-02T02:00:00Z');
    const transfers = [await inTransit(), await inTransit(), await inTransit(), await inTransit()];
    // The fourth instance moved on, yet its timer row is pending again (a stale row): the engine refuses it.
    const stale = transfers[3]!;
    await runtime.send(stale.id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    await runtime.db.query(`update timers set status = 'pending', settled_at = null where id = $1`, [
      stale.timerId,
    ]);
    clock.set(transfers[2]!.due);
    const at = clock.now();
    const ids = transfers.map((t) => t.timerId);

    // Two batches with the same timers (two servers, or the worker and the sweep) at once.
    const [first, second] = await Promise.all([
      deliverTimerBatch(runtime, [...ids, 'no-such-timer'], at),
      deliverTimerBatch(runtime, [...ids].reverse(), at),
    ]);
    for (const t of transfers.slice(0, 3)) {
      const statuses = [first.get(t.timerId)!.status, second.get(t.timerId)!.status].sort();
      expect(statuses).toEqual(['fired', 'skipped']);
      expect(await expiries(t.id)).toBe(1);
    }
    expect(first.get(stale.timerId)).toEqual({ status: 'skipped' });
    expect(first.get('no-such-timer')).toEqual({ status: 'skipped' });
    expect(await expiries(stale.id)).toBe(0);
    const [row] = await runtime.db.query<{ status: string }>('select status from timers where id = $1', [
      stale.timerId,
    ]);
    expect(row?.status).toBe('cancelled');
  });

  it('answers not-due for a timer whose time has not come, and delivers the due ones beside it', async () => {
    clock.set('2026-05-04T02:00:00Z');
    const early = await inTransit();
    clock.set('2026-06-04T02:00:00Z');
    const later = await inTransit();
    clock.set(early.due);
    const outcomes = await deliverTimerBatch(runtime, [later.timerId, early.timerId], clock.now());
    expect(outcomes.get(early.timerId)).toEqual({ status: 'fired' });
    expect(outcomes.get(later.timerId)).toEqual({ status: 'not-due', due: later.due });
  });

  it('a timer that fails alone does not stop the rest of its batch', async () => {
    clock.set('2026-07-06T02:00:00Z');
    const good = await inTransit();
    const broken = await inTransit();
    // A history row already holds the seq its step would write: that write fails (a SQL error), the
    // batch rolls back, and each timer is tried again alone.
    await runtime.db.query(
      `insert into history select * from jsonb_populate_record(null::history,
         (select to_jsonb(h) || jsonb_build_object('seq', h.seq + 1) from history h
          where instance_id = $1 order by seq desc limit 1))`,
      [broken.id],
    );
    clock.set(broken.due);
    const outcomes = await deliverTimerBatch(runtime, [broken.timerId, good.timerId], clock.now());
    expect(outcomes.get(good.timerId)).toEqual({ status: 'fired' });
    expect(outcomes.get(broken.timerId)?.status).toBe('failed');
    expect(await expiries(good.id)).toBe(1);
    expect(await expiries(broken.id)).toBe(0);
  });

  it('tops a batch up with the other due timers, and forgets their wake-ups once they are settled', async () => {
    clock.set('2026-09-07T02:00:00Z');
    const transfers = [await inTransit(), await inTransit(), await inTransit()];
    clock.set(transfers[2]!.due);
    const forgotten: string[] = [];
    let transactions = 0;
    const deliver = (ids: string[]) => {
      transactions += 1;
      return deliverTimerBatch(runtime, ids, clock.now());
    };
    const batcher = new DeliveryBatcher(deliver, {
      maxBatch: 100,
      parallel: 1,
      dueTimers: (limit, except) => dueTimerIds(runtime, clock.now(), limit, except),
      forget: async (ids) => void forgotten.push(...ids),
    });
    // One wake-up arrives (BullMQ woke one job): the other two due timers go in the same commit.
    await expect(batcher.fire(transfers[0]!.timerId)).resolves.toEqual({ status: 'fired' });
    for (const t of transfers) expect(await expiries(t.id)).toBe(1);
    await vi.waitFor(() =>
      expect(forgotten).toEqual(expect.arrayContaining([transfers[1]!.timerId, transfers[2]!.timerId])),
    );
    expect(forgotten).not.toContain(transfers[0]!.timerId);
    // A wake-up already on its way for a timer settled by the top-up is answered without a transaction.
    await expect(batcher.fire(transfers[1]!.timerId)).resolves.toEqual({ status: 'skipped' });
    expect(transactions).toBe(1);
  });

  it('holds a wake-up whose timer a batch in flight carries, and answers it from that batch', async () => {
    clock.set('2026-10-05T02:00:00Z');
    const transfers = [await inTransit(), await inTransit()];
    clock.set(transfers[1]!.due);
    let transactions = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const batcher = new DeliveryBatcher(
      async (ids) => {
        transactions += 1;
        await held;
        return deliverTimerBatch(runtime, ids, clock.now());
      },
      {
        maxBatch: 100,
        parallel: 2,
        dueTimers: (limit, except) => dueTimerIds(runtime, clock.now(), limit, except),
      },
    );
    const first = batcher.fire(transfers[0]!.timerId);
    // The first batch took the second timer as top-up: its late wake-up must not start a second
    // transaction (a slot is free) for a timer that batch is firing.
    await vi.waitFor(() => expect(transactions).toBe(1));
    const late = batcher.fire(transfers[1]!.timerId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transactions).toBe(1);
    release();
    await expect(first).resolves.toEqual({ status: 'fired' });
    await expect(late).resolves.toEqual({ status: 'skipped' });
    expect(transactions).toBe(1);
    for (const t of transfers) expect(await expiries(t.id)).toBe(1);
  });
});
