import { demoDirectoryData, person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createRuntime, type HostedRuntime } from '../../src/runtime-factory.ts';
import { DeliveryQueue } from '../../src/webhooks/delivery-queue.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from '../../src/webhooks/dispatcher.ts';
import { verifySignature } from '../../src/webhooks/signature.ts';
import { LostCommit, recordedDatabase } from '../support/recorded-database.ts';
import { bearer, SECRET as TOKEN_SECRET, TENANT } from '../support/test-app.ts';
import { WebhookReceiver, type ReceiverBehaviour } from '../support/webhook-receiver.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const SECRET = 'portal-webhook-secret-0123456789';
const schema = uniqueName('rt_webhooks');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
let otherProcess: HostedRuntime;
const receivers: WebhookReceiver[] = [];
const dispatchers: WebhookDispatcher[] = [];

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  // A second server process on the same database.
  otherProcess = await openRuntime({ schema, clock });
});
afterEach(async () => {
  for (const started of dispatchers.splice(0)) await started.stop();
  for (const receiver of receivers.splice(0)) await receiver.close();
  await runtime.db.query('delete from webhooks');
  await runtime.db.query('update outbox set delivered_at = now() where delivered_at is null');
});
afterAll(async () => {
  await otherProcess?.close();
  await runtime?.close();
  await dropSchema(schema);
});

async function subscriber(behaviour: ReceiverBehaviour, topics = ['instance.changed']) {
  const receiver = await WebhookReceiver.start(behaviour);
  receivers.push(receiver);
  const webhook = await runtime.webhooks.add({ url: receiver.url, secret: SECRET, topics });
  return { receiver, webhook };
}

function dispatcher(on: HostedRuntime = runtime, extra: Partial<WebhookDispatcherOptions> = {}) {
  const created = new WebhookDispatcher({
    db: on.db,
    store: on.webhooks,
    pollMs: 50,
    policy: { baseDelayMs: 20 },
    // The receivers listen on loopback, which deployments must allow explicitly.
    targets: { allow: ['127.0.0.1'] },
    log: () => {},
    ...extra,
  });
  dispatchers.push(created);
  return created;
}

/** `count` committed changes: each start writes one `instance.changed` message. */
async function changes(count: number): Promise<string[]> {
  const before = await runtime.db.query<{ id: string }>(
    'select coalesce(max(id), 0)::text as id from outbox',
  );
  for (let i = 0; i < count; i += 1) await runtime.start('member-transfer', transferInput, person('p-an'));
  const rows = await runtime.db.query<{ id: string }>(
    `select id::text from outbox where id > $1 and topic = 'instance.changed' order by id`,
    [before[0]!.id],
  );
  return rows.map((row) => row.id);
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

const verified = (delivery: { body: string; headers: Record<string, unknown> }) =>
  verifySignature(
    SECRET,
    {
      id: String(delivery.headers['webhook-id']),
      timestamp: String(delivery.headers['webhook-timestamp']),
      signature: String(delivery.headers['webhook-signature']),
    },
    delivery.body,
  );

describe('webhook delivery per subscription', () => {
  it('hands each message once to every subscribed webhook and delivers it signed, two processes side by side', async () => {
    const portal = await subscriber(() => 204);
    const elsewhere = await subscriber(() => 204, ['directory.changed']);
    const ids = await changes(8);
    await Promise.all([dispatcher(runtime).settled(), dispatcher(otherProcess).settled()]);

    expect(portal.receiver.received.map((delivery) => delivery.id).sort()).toEqual([...ids].sort());
    expect(portal.receiver.received.every((delivery) => verified(delivery))).toBe(true);
    expect(elsewhere.receiver.received).toEqual([]);
    expect(await runtime.db.query('select id from outbox where delivered_at is null')).toEqual([]);
    const rows = await runtime.db.query<{ attempts: number; delivered: boolean }>(
      `select attempts, delivered_at is not null as delivered from webhook_deliveries where webhook_id = $1`,
      [portal.webhook.id],
    );
    expect(rows).toHaveLength(8);
    expect(rows).toEqual(rows.map(() => ({ attempts: 1, delivered: true })));
  });

  it('never lets a hanging or failing receiver hold up a healthy one, and stops at once with a backlog', async () => {
    const healthy = await subscriber(() => 204);
    const failing = await subscriber(() => 500);
    const hanging = await subscriber(() => 'hang');
    const running = dispatcher(runtime, {
      concurrency: 2,
      timeoutMs: 30_000,
      subscribe: (listener) => runtime.subscribe(listener),
    });
    running.start();
    const ids = await changes(30);
    await until(() => healthy.receiver.accepted.size === ids.length, 5_000);
    expect([...healthy.receiver.accepted].sort()).toEqual([...ids].sort());
    // The hanging receiver holds its own two slots, no more; the failing one is retried on its own.
    expect(hanging.receiver.hangingCount).toBe(2);
    expect(failing.receiver.received.length).toBeGreaterThan(1);
    // Its last answers are recorded just after they arrive.
    await until(async () => ((await runtime.webhooks.backlogs()).get(healthy.webhook.id) ?? 0) === 0, 2_000);
    const backlogs = await runtime.webhooks.backlogs();
    expect(backlogs.get(hanging.webhook.id)).toBe(30);
    expect(backlogs.get(failing.webhook.id)).toBeGreaterThan(0);

    // Shutdown: the held requests are cut, their messages handed back uncounted for the next start.
    const stopping = Date.now();
    await running.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    const held = await runtime.db.query<{ attempts: number; locked: boolean }>(
      `select attempts, locked_until is not null as locked from webhook_deliveries where webhook_id = $1`,
      [hanging.webhook.id],
    );
    expect(held.every((row) => row.attempts === 0 && !row.locked)).toBe(true);

    // The receiver recovers; the next start delivers the rest.
    hanging.receiver.behaviour = () => 204;
    failing.receiver.behaviour = () => 204;
    dispatcher(runtime).start();
    await until(
      () => hanging.receiver.accepted.size === ids.length && failing.receiver.accepted.size === ids.length,
    );
    expect([...hanging.receiver.accepted].sort()).toEqual([...ids].sort());
    expect([...failing.receiver.accepted].sort()).toEqual([...ids].sort());
  });

  it('retries after growing, jittered delays until the receiver takes the message, under one id', async () => {
    let calls = 0;
    const recovering = await subscriber(() => (++calls <= 3 ? 503 : 204));
    const arrivals: number[] = [];
    const original = recovering.receiver.behaviour;
    recovering.receiver.behaviour = (delivery) => {
      arrivals.push(performance.now());
      return original(delivery);
    };
    const [id] = await changes(1);
    const running = dispatcher(runtime, { policy: { baseDelayMs: 100 } });
    running.start();
    await until(() => recovering.receiver.accepted.size === 1);
    expect(recovering.receiver.received.map((delivery) => delivery.id)).toEqual([id, id, id, id]);
    // Each wait lies between half and all of 100 ms × 4^(n-1) (plus the poll interval).
    const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
    [50, 200, 800].forEach((least, index) => expect(gaps[index]).toBeGreaterThanOrEqual(least - 5));
    expect(gaps[2]).toBeLessThan(1_600 + 500);
    // The receiver's answer is recorded just after it arrives.
    const recorded = () =>
      runtime.db.query<{ attempts: number; last_status: number }>(
        `select attempts, last_status from webhook_deliveries where webhook_id = $1`,
        [recovering.webhook.id],
      );
    await until(async () => (await recorded())[0]?.last_status === 204);
    expect(await recorded()).toEqual([{ attempts: 4, last_status: 204 }]);
  });

  it('disables a subscription after a long run of failures, tells its owner why, and resumes when enabled', async () => {
    const broken = await subscriber(() => 500);
    const healthy = await subscriber(() => 204);
    const disabled: string[] = [];
    const running = dispatcher(runtime, {
      policy: { disableAfterFailures: 3, disableAfterMs: 0 },
      onDisabled: (webhookId) => disabled.push(webhookId),
    });
    running.start();
    const ids = await changes(5);
    await until(() => disabled.length === 1);
    expect(disabled).toEqual([broken.webhook.id]);
    await until(() => healthy.receiver.accepted.size === ids.length);
    // Attempts already in flight when it was disabled end (their rows unclaimed); then nothing more is sent.
    const claimed = async () =>
      (
        await runtime.db.query(
          'select 1 from webhook_deliveries where webhook_id = $1 and locked_until is not null',
          [broken.webhook.id],
        )
      ).length;
    await until(async () => (await claimed()) === 0);
    const sent = broken.receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(broken.receiver.received.length).toBe(sent);

    const app = buildApp({
      runtime,
      registry: new WorkflowRegistry(unionWorkflows),
      webhooks: runtime.webhooks,
      auth: { secret: TOKEN_SECRET, tenant: TENANT },
    });
    try {
      const headers = await bearer('p-yen');
      const listed = (await app.inject({ url: '/webhooks', headers })).json().items;
      const seen = listed.find((item: { id: string }) => item.id === broken.webhook.id);
      // Attempts already in flight when it was disabled count too.
      expect(seen).toMatchObject({ status: 'disabled', lastError: 'HTTP 500' });
      expect(seen.consecutiveFailures).toBeGreaterThanOrEqual(3);
      // Three or more: attempts in flight side by side may finish in another order than they began.
      expect(seen.disabledReason).toMatch(
        /^\d+ deliveries failed in a row since .+; the last one: HTTP 500$/,
      );
      expect(seen.backlog).toBeGreaterThan(0);
      expect(listed.find((item: { id: string }) => item.id === healthy.webhook.id)).toMatchObject({
        status: 'active',
        backlog: 0,
      });

      broken.receiver.behaviour = () => 204;
      const enabled = await app.inject({
        method: 'POST',
        url: `/webhooks/${broken.webhook.id}/enable`,
        headers,
      });
      expect(enabled.json()).toMatchObject({
        status: 'active',
        consecutiveFailures: 0,
        disabledReason: null,
      });
      const missing = await app.inject({ method: 'POST', url: '/webhooks/nope/enable', headers });
      expect(missing.statusCode).toBe(404);
    } finally {
      // Not app.close(): it would close the runtime.
    }
    // What waited is delivered; messages committed while it was disabled were never queued for it.
    const queued = await runtime.db.query<{ id: string }>(
      'select outbox_id::text as id from webhook_deliveries where webhook_id = $1',
      [broken.webhook.id],
    );
    await until(() => broken.receiver.accepted.size === queued.length);
    expect([...broken.receiver.accepted].sort()).toEqual(queued.map((row) => row.id).sort());
  });
});

describe('the fan-out pass: an index scan of the outbox, a commit that does not wait for the disk', () => {
  it('runs with those settings once it takes a message, and only in its own transaction', async () => {
    await subscriber(() => 204);
    await changes(2);
    const { db, transactions } = recordedDatabase(runtime.db);
    expect((await new DeliveryQueue(db).fanOut(clock.now(), 10)).messages).toBeGreaterThan(0);
    expect(transactions.map((transaction) => transaction.settings)).toEqual([
      { synchronous_commit: 'off', enable_bitmapscan: 'off' },
    ]);
    expect(await runtime.db.query('show synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
  });

  it('a pass whose commit is lost in a crash is run again: every message reaches every subscription once', async () => {
    const portal = await subscriber(() => 204);
    const archive = await subscriber(() => 204, []);
    const ids = await changes(5);
    const { db, transactions } = recordedDatabase(runtime.db, { loseCommits: true });
    await expect(new DeliveryQueue(db).fanOut(clock.now(), 100)).rejects.toBeInstanceOf(LostCommit);
    expect(transactions).toHaveLength(1);
    await dispatcher(runtime).settled();
    for (const { receiver, webhook } of [portal, archive]) {
      const rows = await runtime.db.query<{ id: string }>(
        `select outbox_id::text as id from webhook_deliveries where webhook_id = $1 and outbox_id = any($2::bigint[])`,
        [webhook.id, ids],
      );
      expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
      const delivered = receiver.received.map((delivery) => delivery.id).filter((id) => ids.includes(id));
      expect(delivered.sort()).toEqual([...ids].sort());
    }
  });
});

describe('webhook passes under a stream of changes', () => {
  it('come at most every minPassGapMs, each taking what arrived meanwhile, and deliver everything', async () => {
    const { receiver } = await subscriber(() => 204);
    let changed: () => void = () => {};
    const started = dispatcher(runtime, {
      pollMs: 60_000,
      subscribe: (listener) => {
        changed = listener;
        return () => {};
      },
    });
    const passes: number[] = [];
    const pass = started.pass.bind(started);
    started.pass = () => {
      passes.push(Date.now());
      return pass();
    };
    started.start();
    await until(() => passes.length === 1);
    const ids = await changes(6);
    // A change announced every 5 ms for ~300 ms: a pass per change would be ~60 passes.
    const stream = Date.now();
    while (Date.now() - stream < 300) {
      changed();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => ids.every((id) => receiver.accepted.has(id)));
    const during = passes.filter((at) => at >= stream);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.length).toBeLessThanOrEqual(5);
    const gaps = during.slice(1).map((at, i) => at - during[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(95);
  });
});

describe('webhook delivery on the embedded database', () => {
  it('runs the same on PGlite with timers polled (no Redis, no job backend)', async () => {
    const embedded = await createRuntime({
      dataDir: 'memory://',
      registry: new WorkflowRegistry(unionWorkflows),
      directory: demoDirectoryData,
      clock,
      log: () => {},
    });
    try {
      expect(embedded.timerTransport.kind).toBe('polling');
      const healthy = await WebhookReceiver.start(() => 204);
      const failing = await WebhookReceiver.start(() => 'hang');
      receivers.push(healthy, failing);
      for (const receiver of [healthy, failing]) {
        await embedded.webhooks.add({ url: receiver.url, secret: SECRET, topics: ['instance.changed'] });
      }
      for (let i = 0; i < 5; i += 1) await embedded.start('member-transfer', transferInput, person('p-an'));
      const running = dispatcher(embedded, { concurrency: 1, timeoutMs: 60_000 });
      running.start();
      await until(() => healthy.accepted.size === 5);
      expect(failing.hangingCount).toBe(1);
      await running.stop();
    } finally {
      await embedded.close();
    }
  });
});
