import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { NotificationChannel } from '../../src/notifications/channel.ts';
import { createNotifier } from '../../src/notifications/create-notifier.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { recordedDatabase } from '../support/recorded-database.ts';
import { SECRET } from '../support/test-app.ts';
import {
  dropSchema,
  openRuntime,
  registryWithV1Of,
  TestClock,
  transferInput,
  uniqueName,
} from './support.ts';

/**
 * One pass over many outbox messages of many instances: the right people hear of the right things,
 * and the instances are read in one statement for the pass, not one per message (issue 15).
 */
const schema = uniqueName('rt_notify_pass');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  // v1's transfer, where the source branch may refuse (the requester hears of it).
  runtime = await openRuntime({ schema, clock, registry: registryWithV1Of('member-transfer') });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** A channel that reaches everyone and takes every message. */
const everyone: NotificationChannel = {
  name: 'test',
  reaches: () => true,
  send: async () => ({ ok: true }),
};

/** A notifier with these channels on the runtime's database, each of its transactions recorded. */
function recordedNotifier(channels: NotificationChannel[]) {
  const { db, transactions } = recordedDatabase(runtime.db);
  const config = loadConfig({ JWT_SECRET: SECRET }).notifications;
  const { notifier } = createNotifier(
    {
      db,
      registry: runtime.registry,
      cache: runtime.cache,
      calendars: runtime.calendars,
      clock: runtime.clock,
      subscribe: (listener) => runtime.subscribe(listener),
    },
    config,
    { channels, log: () => {} },
  );
  return { notifier, transactions };
}

describe('deriving notifications from a pass of outbox messages', () => {
  it('many instances in one pass: task.new where the task is still open, request.decided where refused; one read of the instances', async () => {
    const open: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const started = await runtime.start('member-transfer', transferInput, person('p-an'));
      await runtime.send(started.id, { type: 'SUBMIT' }, person('p-an'));
      if (i % 2 === 0) open.push(started.id);
      else {
        // Refused before the notifier read the outbox: the branch secretary's task is closed again.
        await runtime.send(
          started.id,
          { type: 'REJECT', payload: { reason: 'Thiếu hồ sơ' } },
          person('p-binh'),
        );
        refused.push(started.id);
      }
    }
    const { count: messages } = (
      await runtime.db.query<{ count: number }>(
        'select count(*)::int as count from outbox where notified_at is null',
      )
    )[0]!;
    expect(messages).toBeGreaterThanOrEqual(15);

    const { notifier, transactions } = recordedNotifier([everyone]);
    await notifier.pass();

    const rows = await runtime.db.query<{ kind: string; instance_id: string; person_id: string }>(
      `select kind, instance_id, person_id from notifications order by kind, instance_id, person_id`,
    );
    const expected = [
      ...refused.map((id) => ({ kind: 'request.decided', instance_id: id, person_id: 'p-an' })),
      ...open.map((id) => ({ kind: 'task.new', instance_id: id, person_id: 'p-binh' })),
    ].sort((a, b) => `${a.kind}${a.instance_id}`.localeCompare(`${b.kind}${b.instance_id}`));
    expect(rows).toEqual(expected);
    const [unread] = await runtime.db.query<{ n: number }>(
      'select count(*)::int as n from outbox where notified_at is null',
    );
    expect(unread!.n).toBe(0);

    // The pass that read the outbox read the instances (and their history) once for all messages,
    // with the readers' settings (an index scan of the outbox, an asynchronous commit).
    const derive = transactions.find(({ statements }) =>
      statements.some((sql) => /from outbox where notified_at is null/.test(sql)),
    );
    const readsInstances = derive!.statements.filter((sql) => /\b(from|join) instances\b/.test(sql));
    expect(readsInstances).toHaveLength(1);
    expect(derive!.statements.length).toBeLessThanOrEqual(5);
    expect(derive!.settings).toEqual({ synchronous_commit: 'off', enable_bitmapscan: 'off' });
  });

  it('without a channel the pass only marks the messages read: no instance read, nothing written', async () => {
    for (let i = 0; i < 3; i += 1) {
      const started = await runtime.start('member-transfer', transferInput, person('p-an'));
      await runtime.send(started.id, { type: 'SUBMIT' }, person('p-an'));
    }
    const unread = async () =>
      (
        await runtime.db.query<{ n: number }>(
          'select count(*)::int as n from outbox where notified_at is null',
        )
      )[0]!.n;
    expect(await unread()).toBeGreaterThanOrEqual(6);
    const before = await runtime.db.query('select key from notifications');

    const { notifier, transactions } = recordedNotifier([]);
    await notifier.pass();

    expect(await unread()).toBe(0);
    expect(await runtime.db.query('select key from notifications')).toEqual(before);
    const read = transactions.find(({ statements }) =>
      statements.some((sql) => /from outbox where notified_at is null/.test(sql)),
    );
    expect(read!.statements).toHaveLength(2);
    expect(read!.statements.join('\n')).not.toMatch(/\b(from|join) instances\b|returning o\.payload/);
    expect(read!.settings).toEqual({ synchronous_commit: 'off', enable_bitmapscan: 'off' });
  });
});
