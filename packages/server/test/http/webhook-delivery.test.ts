import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverOnce } from '../../src/webhooks/delivery.ts';
import { afterFailure, defaultRetryPolicy, retryDelayMs } from '../../src/webhooks/retry-policy.ts';
import { healthyWebhook, type WebhookSubscription } from '../../src/webhooks/store.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let close: (() => void) | undefined;
afterEach(() => close?.());

/** A portal's receiver that answers `status` (with `headers`), or never answers when `hang`. */
async function receiver(status: number, headers: Record<string, string> = {}, hang = false) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      if (hang) return;
      response.writeHead(status, headers);
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const SECRET = 'webhook-secret-0123456789';
const message = { id: '42', topic: 'instance.changed', payload: { instanceId: 'i-1', state: 'done' } };
const subscription = (url: string): WebhookSubscription => ({
  ...healthyWebhook,
  id: 'w-1',
  url,
  secret: SECRET,
  topics: [],
  description: null,
  createdAt: '2026-03-02T00:00:00.000Z',
});

describe('one delivery attempt', () => {
  it('posts the message signed (Standard Webhooks) over its id, a timestamp and the exact body', async () => {
    const portal = await receiver(204);
    expect(await deliverOnce(subscription(portal.url), message)).toEqual({
      ok: true,
      status: 204,
      error: null,
      retryAfterMs: null,
    });
    const [request] = portal.received;
    expect(JSON.parse(request!.body)).toEqual(message);
    const timestamp = Number(request!.headers['webhook-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
    expect(request!.headers['webhook-id']).toBe('42');
    const expected = `v1,${createHmac('sha256', SECRET).update(`42.${timestamp}.${request!.body}`).digest('base64')}`;
    expect(request!.headers['webhook-signature']).toBe(expected);
    expect(request!.headers['x-doanflow-delivery']).toBe('42');
  });

  it('reports a refusal with its status and the Retry-After a busy receiver asks for', async () => {
    const busy = await receiver(429, { 'retry-after': '120' });
    expect(await deliverOnce(subscription(busy.url), message)).toEqual({
      ok: false,
      status: 429,
      error: 'HTTP 429',
      retryAfterMs: 120_000,
    });
  });

  it('gives up on a receiver that does not answer in time, or at once when aborted', async () => {
    const hanging = await receiver(200, {}, true);
    const started = Date.now();
    const late = await deliverOnce(subscription(hanging.url), message, { timeoutMs: 200 });
    expect(late).toMatchObject({ ok: false, status: null, error: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const controller = new AbortController();
    const aborted = deliverOnce(subscription(hanging.url), message, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await aborted).toMatchObject({ ok: false, status: null });
  });

  it('reports an unreachable receiver', async () => {
    const closed = await receiver(204);
    close?.();
    const result = await deliverOnce(subscription(closed.url), message);
    expect(result).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('the retry schedule', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('backs off exponentially with jitter between half and all of each step, capped', () => {
    for (let attempts = 1; attempts <= 6; attempts += 1) {
      const step = Math.min(1_000 * 4 ** (attempts - 1), 60_000);
      expect(retryDelayMs(policy, attempts, null, () => 0)).toBe(step / 2);
      expect(retryDelayMs(policy, attempts, null, () => 1)).toBe(step);
    }
    const drawn = new Set(Array.from({ length: 20 }, () => retryDelayMs(policy, 3)));
    expect(drawn.size).toBeGreaterThan(1);
    // A receiver's Retry-After wins when longer, within the cap.
    expect(retryDelayMs(policy, 1, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(policy, 1, 3_600_000, () => 0)).toBe(60_000);
  });

  it('retries server errors and timeouts, gives up on a refusal or after the last attempt', () => {
    const failure = (status: number | null) => ({ ok: false, status, error: 'x', retryAfterMs: null });
    expect(afterFailure(policy, 1, failure(500))).toMatchObject({ giveUp: false });
    expect(afterFailure(policy, 1, failure(null))).toMatchObject({ giveUp: false });
    expect(afterFailure(policy, 1, failure(429))).toMatchObject({ giveUp: false });
    expect(afterFailure(policy, 1, failure(410))).toEqual({ giveUp: true });
    expect(afterFailure(policy, policy.maxAttempts, failure(500))).toEqual({ giveUp: true });
  });
});
