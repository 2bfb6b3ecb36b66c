import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { OutboxDispatcher } from '../../src/webhooks/outbox-dispatcher.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const SECRET = 'portal-webhook-secret-0123456789';
const schema = uniqueName('rt_outbox');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
let otherProcess: HostedRuntime;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A portal's receiver on loopback; `status` is what it answers next. */
const portal = {
  received: [] as Received[],
  status: 204,
  waiters: [] as (() => void)[],
  url: '',
  close: () => {},
};

beforeAll(async () => {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      portal.received.push({ headers: request.headers, body });
      response.statusCode = portal.status;
      response.end();
      for (const waiter of portal.waiters.splice(0)) waiter();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  portal.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/doanflow`;
  portal.close = () => server.close();
  runtime = await openRuntime({ schema, clock });
  // A second server process on the same database.
  otherProcess = await openRuntime({ schema, clock });
  await runtime.webhooks.add({ url: portal.url, secret: SECRET, topics: ['instance.changed'] });
  await runtime.webhooks.add({
    url: 'http://127.0.0.1:9/never',
    secret: SECRET,
    topics: ['directory.changed'],
    description: 'subscribed to another topic',
  });
});
afterAll(async () => {
  portal.close();
  await otherProcess?.close();
  await runtime?.close();
  await dropSchema(schema);
});

const dispatcher = (
  on: HostedRuntime,
  extra: Partial<ConstructorParameters<typeof OutboxDispatcher>[0]> = {},
) =>
  new OutboxDispatcher({
    db: on.db,
    store: on.webhooks,
    clock,
    batchSize: 3,
    delivery: { maxAttempts: 1, sleep: async () => {} },
    ...extra,
  });

const outboxRows = (topic: string) =>
  runtime.db.query<{ id: string; delivered_at: Date | null; attempts: number; last_error: string | null }>(
    'select id, delivered_at, attempts, last_error from outbox where topic = $1 order by id',
    [topic],
  );

const verified = (request: Received) =>
  request.headers['x-doanflow-signature'] ===
  `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;

describe('the outbox dispatcher', () => {
  it('stores webhook topics as text[] with a description', async () => {
    const [column] = await runtime.db.query<{ data_type: string }>(
      `select data_type from information_schema.columns
       where table_schema = $1 and table_name = 'webhooks' and column_name = 'topics'`,
      [schema],
    );
    expect(column?.data_type).toBe('ARRAY');
    const listed = await otherProcess.webhooks.list();
    expect(listed.map((webhook) => webhook.topics)).toEqual([['instance.changed'], ['directory.changed']]);
    expect(listed[1]!.description).toBe('subscribed to another topic');
  });

  it('delivers each message once, signed, when two processes dispatch side by side', async () => {
    for (let i = 0; i < 4; i += 1) {
      const view = await runtime.start('member-transfer', transferInput, person('p-an'));
      await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    }
    const written = await outboxRows('instance.changed');
    expect(written).toHaveLength(8);

    const reports = await Promise.all([dispatcher(runtime).drain(), dispatcher(otherProcess).drain()]);
    expect(reports[0]!.delivered + reports[1]!.delivered).toBeGreaterThanOrEqual(8);

    const ids = portal.received.map((request) => request.headers['x-doanflow-delivery']);
    expect(ids.sort()).toEqual(written.map((row) => String(row.id)).sort());
    expect(portal.received.every(verified)).toBe(true);
    expect(portal.received.every((request) => JSON.parse(request.body).topic === 'instance.changed')).toBe(
      true,
    );
    for (const row of await outboxRows('instance.changed')) {
      expect(row.delivered_at).not.toBeNull();
      expect(row.attempts).toBe(1);
    }
    // Messages nobody subscribed to are settled too; nothing is claimed twice.
    expect(await runtime.db.query('select id from outbox where delivered_at is null')).toEqual([]);
    expect((await dispatcher(runtime).drain()).claimed).toBe(0);
  });

  it('counts failed passes and retries after a delay, then marks the message delivered once', async () => {
    portal.received = [];
    portal.status = 503;
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    const first = await dispatcher(runtime).drain();
    expect(first).toMatchObject({ claimed: 1, delivered: 0, retrying: 1 });
    const [failed] = await runtime.db.query<{ attempts: number; last_error: string; delivered_at: null }>(
      `select attempts, last_error, delivered_at from outbox where topic = 'instance.changed' and payload->>'instanceId' = $1`,
      [view.id],
    );
    expect(failed).toMatchObject({ attempts: 1, delivered_at: null });
    expect(failed!.last_error).toContain('HTTP 503');

    // Not before its retry time.
    expect((await dispatcher(runtime).drain()).claimed).toBe(0);
    portal.status = 200;
    clock.set('2026-03-02T02:01:00Z');
    expect(await dispatcher(runtime).drain()).toMatchObject({ claimed: 1, delivered: 1 });
    const [done] = await runtime.db.query<{ attempts: number; delivered_at: Date | null }>(
      `select attempts, delivered_at from outbox where topic = 'instance.changed' and payload->>'instanceId' = $1`,
      [view.id],
    );
    expect(done!.attempts).toBe(2);
    expect(done!.delivered_at).not.toBeNull();
    expect(portal.received).toHaveLength(2);
    expect(new Set(portal.received.map((request) => request.headers['x-doanflow-delivery'])).size).toBe(1);
  });

  it('wakes on a committed change when started', async () => {
    portal.received = [];
    const running = dispatcher(runtime, {
      subscribe: (listener) => runtime.subscribe(listener),
      intervalMs: 3_600_000,
    });
    running.start();
    try {
      const arrived = new Promise<void>((done) => portal.waiters.push(done));
      const view = await runtime.start('member-transfer', transferInput, person('p-an'));
      await arrived;
      expect(JSON.parse(portal.received[0]!.body).payload.instanceId).toBe(view.id);
    } finally {
      await running.stop();
    }
  });
});
