import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  verifyWebhookSignature,
  type DoanflowApp,
  type DoanflowServer,
  type HostedRuntime,
  type InstanceView,
} from '@doanflow/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../src/host.ts';
import { registration } from './fixtures.ts';

/**
 * The host application over HTTP on real PostgreSQL (a schema of its own) and Redis (a BullMQ
 * prefix of its own): the fifth workflow is listed, started, walked to its end, and its deadline
 * timer is a real delayed job that the deadline closes; its webhooks reach a portal's receiver.
 */
const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/doanflow_test';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const suffix = randomBytes(5).toString('hex');
const schema = `custom_workflow_${suffix}`;

let server: DoanflowServer;
let app: DoanflowApp;
let runtime: HostedRuntime;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await createHost({
    databaseUrl: DATABASE_URL,
    schema,
    redisUrl: REDIS_URL,
    queuePrefix: `dfcustom_${suffix}`,
    reconcileIntervalMs: 0,
    poolSize: 4,
    log: () => {},
    http: { auth: { secret: randomBytes(32).toString('base64url'), devTokens: true } },
    // Retries come fast here; the test waits for the first delivery only.
    webhookDelivery: { pollMs: 100 },
    // The portal's receiver in the webhook test listens on loopback, which is refused unless allowed.
    webhookTargets: { allow: ['127.0.0.1/32'] },
  });
  ({ app, runtime } = server);
  await app.ready();
});

afterAll(async () => {
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.db.query(`drop schema if exists ${schema} cascade`);
  await server?.close();
});

async function call<T>(personId: string, method: 'GET' | 'POST', url: string, payload?: object) {
  let token = tokens.get(personId);
  if (!token) {
    const minted = await app.inject({ method: 'POST', url: '/auth/dev-token', payload: { personId } });
    token = (minted.json() as { token: string }).token;
    tokens.set(personId, token);
  }
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json() as T };
}

async function decide(personId: string, id: string, type: string, payload: object = {}, comment?: string) {
  const seen = await call<InstanceView>(personId, 'GET', `/instances/${id}`);
  const answer = await call<InstanceView>(personId, 'POST', `/instances/${id}/events`, {
    type,
    expectedRevision: seen.body.revision,
    payload,
    ...(comment ? { comment } : {}),
  });
  expect(answer).toMatchObject({ status: 200 });
  return answer.body;
}

const inboxOf = async (personId: string) =>
  (await call<{ items: { instanceId: string; state: string }[] }>(personId, 'GET', '/inbox')).body.items;

/** A deadline in the future, so the registration is open whatever day the test runs. */
const openCourse = () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return registration({ registrationDeadline: day(20), startsOn: day(40) });
};

describe('the host application with the training-registration workflow', () => {
  it('publishes the workflow next to the Union ones, with labels and a JSON Schema form', async () => {
    const { body } = await call<{ items: { id: string }[] }>('p-binh', 'GET', '/definitions');
    expect(body.items.map((item) => item.id)).toContain('training-registration');
    expect(body.items.map((item) => item.id)).toContain('member-transfer');
    const definition = await call<{ title: { vi: string }; input: { properties: Record<string, unknown> } }>(
      'p-binh',
      'GET',
      '/definitions/training-registration',
    );
    expect(definition.body.title.vi).toBe('Đăng ký lớp tập huấn Bí thư chi đoàn');
    expect(definition.body.input.properties['position']).toMatchObject({
      'x-label': { vi: 'Chức vụ', en: 'Position' },
    });
  });

  it('walks a registration from the branch secretary to a certificate, each step in the right inbox', async () => {
    const started = await call<InstanceView>('p-binh', 'POST', '/instances', {
      workflowId: 'training-registration',
      input: openCourse(),
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    expect(started.body.timers.map((timer) => timer.name).sort()).toEqual([
      'deadlineReminder',
      'registrationDeadline',
    ]);
    expect(await runtime.timers!.queue.getDelayedCount()).toBeGreaterThanOrEqual(2);

    expect((await inboxOf('p-hieu')).map((task) => task.instanceId)).toContain(id);
    expect(
      (
        await call('p-nga', 'POST', `/instances/${id}/events`, {
          type: 'ENDORSE',
          payload: {},
          expectedRevision: 1,
        })
      ).status,
    ).toBe(403);
    const endorsed = await decide(
      'p-hieu',
      id,
      'ENDORSE',
      {},
      'Đồng chí Bình hoàn thành tốt nhiệm vụ, đề nghị cử đi học.',
    );
    expect(endorsed.state).toBe('registration.secretariatConfirmation');

    expect((await inboxOf('p-yen')).map((task) => task.instanceId)).toContain(id);
    const seated = await decide('p-yen', id, 'CONFIRM_SEAT', { seatNumber: 12 });
    expect(seated.state).toBe('confirmed');
    expect(seated.timers).toEqual([]);
    // The course officer is this workflow's own role: the inbox names it in its own words.
    const officerTasks = (
      await call<{ items: { instanceId: string; role: string; roleLabel: unknown }[] }>(
        'p-tuan',
        'GET',
        '/inbox',
      )
    ).body.items.filter((task) => task.instanceId === id);
    expect(officerTasks).toEqual([
      expect.objectContaining({
        role: 'courseOfficer',
        roleLabel: { vi: 'Cán bộ phụ trách lớp', en: 'Course officer' },
      }),
    ]);
    const found = await call<{ items: { instanceId: string }[] }>(
      'p-tuan',
      'GET',
      `/inbox?search=${encodeURIComponent('can bo phu trach lop')}`,
    );
    expect(found.body.items.map((task) => task.instanceId)).toContain(id);
    await decide('p-tuan', id, 'RECORD_ATTENDANCE');
    const certified = await decide('p-tuan', id, 'CERTIFY', { certificateNumber: 'GCN-2026-012' });
    expect(certified).toMatchObject({ state: 'certified', status: 'done' });
    expect(certified.summary).toMatchObject({ seatNumber: 12, certificateNumber: 'GCN-2026-012' });

    const history = await call<{
      items: { type: string; acting: string; actor: { name: string; roleLabel: { vi: string } } }[];
    }>('p-binh', 'GET', `/instances/${id}/history`);
    expect(history.body.items.map((entry) => [entry.type, entry.actor.name, entry.acting])).toEqual([
      ['$start', 'Trần Thị Bình', 'self'],
      ['ENDORSE', 'Đặng Minh Hiếu', 'TM'],
      ['CONFIRM_SEAT', 'Cao Thị Yến', 'self'],
      ['RECORD_ATTENDANCE', 'Phan Anh Tuấn', 'self'],
      ['CERTIFY', 'Phan Anh Tuấn', 'self'],
    ]);
    expect(history.body.items.at(-1)!.actor.roleLabel.vi).toBe('Cán bộ phụ trách lớp');
  });

  it('closes an undecided registration when its deadline passes', async () => {
    const input = openCourse();
    const started = await call<InstanceView>('p-binh', 'POST', '/instances', {
      workflowId: 'training-registration',
      input,
    });
    const id = started.body.id;
    // The server owns time: deliver every timer due the day after the deadline.
    await runtime.runDueTimers(new Date(`${input['registrationDeadline']}T23:00:00.000Z`));
    const closed = await call<InstanceView>('p-binh', 'GET', `/instances/${id}`);
    expect(closed.body).toMatchObject({ state: 'lapsed', status: 'done' });
    expect((await inboxOf('p-hieu')).map((task) => task.instanceId)).not.toContain(id);
  });
});

/** A portal's webhook endpoint on loopback that accepts every delivery. */
async function portalReceiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/doanflow`;
  const close = () => {
    receiver.closeAllConnections();
    return new Promise<void>((done) => receiver.close(() => done()));
  };
  return { url, received, close };
}

describe('webhooks from the host application', () => {
  it('delivers a signed message for each change of its own workflow, as main.ts does', async () => {
    const portal = await portalReceiver();
    try {
      const secret = 'portal-webhook-secret-0123456789';
      const registered = await call('p-yen', 'POST', '/webhooks', {
        url: portal.url,
        secret,
        topics: ['instance.changed'],
      });
      expect(registered.status).toBe(201);
      const started = await call<InstanceView>('p-binh', 'POST', '/instances', {
        workflowId: 'training-registration',
        input: openCourse(),
      });
      expect(started.status).toBe(201);
      const id = started.body.id;
      const mine = () =>
        portal.received.find((delivery) => {
          const message = JSON.parse(delivery.body) as { payload?: { instanceId?: string } };
          return message.payload?.instanceId === id;
        });
      for (let wait = 0; wait < 200 && !mine(); wait += 1) await new Promise((done) => setTimeout(done, 50));
      const delivery = mine();
      expect(delivery, 'no webhook delivery reached the receiver within 10 s').toBeDefined();
      expect(JSON.parse(delivery!.body)).toMatchObject({
        topic: 'instance.changed',
        payload: { instanceId: id, workflowId: 'training-registration' },
      });
      // Standard Webhooks signature, checked the way a portal's receiver checks it.
      const header = (name: string) => String(delivery!.headers[name]);
      const signed = {
        id: header('webhook-id'),
        timestamp: header('webhook-timestamp'),
        signature: header('webhook-signature'),
      };
      expect(verifyWebhookSignature(secret, signed, delivery!.body)).toBe(true);
    } finally {
      await portal.close();
    }
  });
});
