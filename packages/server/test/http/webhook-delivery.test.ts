import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookDeliverer } from '../../src/webhooks/delivery.ts';
import { InMemoryWebhookStore } from '../../src/webhooks/store.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let close: (() => void) | undefined;
afterEach(() => close?.());

/** A portal's receiver that answers with the given statuses in turn. */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  close = () => server.close();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const SECRET = 'webhook-secret-0123456789';
const message = { id: 'out-1', topic: 'instance.changed', payload: { instanceId: 'i-1', state: 'done' } };

async function setup(statuses: number[], topics: string[] = []) {
  const portal = await receiver(statuses);
  const store = new InMemoryWebhookStore();
  await store.add({ url: portal.url, secret: SECRET, topics });
  const delays: number[] = [];
  const deliverer = createWebhookDeliverer({
    store,
    maxAttempts: 4,
    baseDelayMs: 100,
    sleep: async (ms) => void delays.push(ms),
  });
  return { portal, deliverer, delays };
}

describe('webhook delivery', () => {
  it('posts the message signed with an HMAC of the exact body', async () => {
    const { portal, deliverer } = await setup([204]);
    const [result] = await deliverer.deliver(message);
    expect(result).toMatchObject({ ok: true, attempts: 1, status: 204 });
    const [request] = portal.received;
    expect(JSON.parse(request!.body)).toEqual(message);
    const expected = `sha256=${createHmac('sha256', SECRET).update(request!.body).digest('hex')}`;
    expect(request!.headers['x-doanflow-signature']).toBe(expected);
    expect(request!.headers['x-doanflow-delivery']).toBe('out-1');
  });

  it('retries server errors with exponential backoff until it succeeds', async () => {
    const { portal, deliverer, delays } = await setup([500, 503, 200]);
    const [result] = await deliverer.deliver(message);
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(delays).toEqual([100, 200]);
    expect(new Set(portal.received.map((request) => request.headers['x-doanflow-delivery']))).toEqual(
      new Set(['out-1']),
    );
  });

  it('stops after a bounded number of attempts, and at once on a refusal', async () => {
    const failing = await setup([500]);
    const [result] = await failing.deliverer.deliver(message);
    expect(result).toMatchObject({ ok: false, attempts: 4, status: 500 });
    expect(failing.portal.received).toHaveLength(4);
    close?.();
    const refusing = await setup([410]);
    const [refused] = await refusing.deliverer.deliver(message);
    expect(refused).toMatchObject({ ok: false, attempts: 1, status: 410 });
  });

  it('reports an unreachable receiver and skips webhooks not subscribed to the topic', async () => {
    const store = new InMemoryWebhookStore();
    await store.add({ url: 'http://127.0.0.1:9/unreachable', secret: SECRET, topics: [] });
    await store.add({ url: 'http://127.0.0.1:9/other', secret: SECRET, topics: ['directory.changed'] });
    const deliverer = createWebhookDeliverer({ store, maxAttempts: 2, sleep: async () => {} });
    const results = await deliverer.deliver(message);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, attempts: 2, status: null, error: expect.any(String) });
  });
});
