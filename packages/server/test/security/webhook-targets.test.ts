import { person } from '@doanflow/engine';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '../../src/webhooks/signature.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { bearer, openSecureServer, TestClock, type SecureServer } from './support.ts';

/**
 * Webhooks cannot be pointed at the server's own network (SSRF): real listeners on loopback stand
 * where an internal service would, and must receive nothing, whether the URL is refused at
 * registration or (a host whose DNS changed later) before delivery.
 */

const clock = new TestClock('2026-03-02T02:00:00Z');
const SECRET = 'portal-webhook-secret-0123456789';
let server: SecureServer;
let internal: WebhookReceiver;
const dispatchers: WebhookDispatcher[] = [];

beforeAll(async () => {
  server = await openSecureServer('ssrf', clock, { rateLimit: { max: 1_000_000 } });
  internal = await WebhookReceiver.start(() => 204);
}, 60_000);
afterAll(async () => {
  for (const started of dispatchers) await started.stop();
  await internal?.close();
  await server?.close();
});

const port = () => new URL(internal.url).port;

/** Loopback written every way a parser might miss, and the other internal ranges. */
const internalUrls = () => [
  `http://127.0.0.1:${port()}/x`,
  `http://localhost:${port()}/x`,
  `http://0.0.0.0:${port()}/x`,
  `http://127.1:${port()}/x`,
  `http://2130706433:${port()}/x`,
  `http://0x7f.1:${port()}/x`,
  `http://0177.0.0.1:${port()}/x`,
  `http://[::1]:${port()}/x`,
  `http://[::ffff:127.0.0.1]:${port()}/x`,
  `http://[::ffff:7f00:1]:${port()}/x`,
  'http://169.254.169.254/latest/meta-data/',
  'http://[fe80::1]/x',
  'http://10.0.0.1/x',
  'http://172.16.0.1/x',
  'http://192.168.1.1/x',
  'http://100.64.0.1/x',
  'http://[fd00::1]/x',
  'http://224.0.0.1/x',
  'http://[::]/x',
];

async function deliveries(webhookId: string) {
  return server.runtime.db.query<{
    attempts: number;
    gave_up: boolean;
    delivered: boolean;
    last_error: string;
  }>(
    `select attempts, gave_up_at is not null as gave_up, delivered_at is not null as delivered, last_error
       from webhook_deliveries where webhook_id = $1`,
    [webhookId],
  );
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function dispatcher(allow?: string[]) {
  const created = new WebhookDispatcher({
    db: server.runtime.db,
    store: server.runtime.webhooks,
    pollMs: 50,
    policy: { baseDelayMs: 20 },
    ...(allow ? { targets: { allow } } : {}),
    log: () => {},
  });
  dispatchers.push(created);
  created.start();
  return created;
}

const transfer = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi cư trú',
};

describe('webhook targets', () => {
  it('refuses every internal address at registration (400 WEBHOOK_TARGET_REFUSED), storing nothing', async () => {
    const headers = await bearer('p-yen');
    for (const url of internalUrls()) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/webhooks',
        headers,
        payload: { url, secret: SECRET },
      });
      const label = `${url} → ${response.statusCode} ${response.body}`;
      assert.strictEqual(response.statusCode, 400, label);
      // IPv6 literals are refused earlier still, by the URL's schema (host names and IPv4 only).
      const expected = url.includes('[')
        ? { code: 'BAD_REQUEST', details: { part: 'body' } }
        : { code: 'WEBHOOK_TARGET_REFUSED', details: { reason: 'internal_address' } };
      assert.strictEqual(response.json<{ code: string }>().code, expected.code, label);
      expect(response.json()).toMatchObject(expected);
    }
    expect(await server.runtime.webhooks.list()).toEqual([]);
    expect(internal.received).toEqual([]);
  });

  it('checks again before each delivery: a URL that now resolves inside fails once, recorded, never retried', async () => {
    // Stored behind the check's back, as a host whose DNS was changed after registration would be.
    const webhook = await server.runtime.webhooks.add({ url: internal.url, secret: SECRET, topics: [] });
    dispatcher();
    await server.runtime.start('member-transfer', transfer, person('p-an'));
    await until(async () => (await deliveries(webhook.id)).some((row) => row.gave_up));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = await deliveries(webhook.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 1, gave_up: true, delivered: false });
      expect(row.last_error).toMatch(/^not sent: .*internal address \(127\.0\.0\.1\)/);
    }
    expect(internal.received).toEqual([]);
    await server.runtime.webhooks.remove(webhook.id);
    for (const started of dispatchers.splice(0)) await started.stop();
  });

  it('delivers inside the network only where the deployment allows it, signed with a timestamp', async () => {
    const allowed = await WebhookReceiver.start(() => 204);
    try {
      const webhook = await server.runtime.webhooks.add({ url: allowed.url, secret: SECRET, topics: [] });
      dispatcher(['127.0.0.1/32']);
      const before = Date.now();
      await server.runtime.start('member-transfer', transfer, person('p-an'));
      await until(async () => allowed.received.length > 0);
      const [delivery] = allowed.received;
      const signed = {
        id: String(delivery!.headers['webhook-id']),
        timestamp: String(delivery!.headers['webhook-timestamp']),
        signature: String(delivery!.headers['webhook-signature']),
      };
      expect(Number(signed.timestamp) * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(verifySignature(SECRET, signed, delivery!.body)).toBe(true);
      // A captured delivery stops verifying once the tolerance has passed, and its timestamp cannot be
      // refreshed without the secret.
      const later = new Date((Number(signed.timestamp) + SIGNATURE_TOLERANCE_SECONDS + 1) * 1000);
      expect(verifySignature(SECRET, signed, delivery!.body, later)).toBe(false);
      const replayed = { ...signed, timestamp: String(Math.floor(later.getTime() / 1000)) };
      expect(verifySignature(SECRET, replayed, delivery!.body, later)).toBe(false);
      expect(verifySignature(SECRET, signed, `${delivery!.body} `)).toBe(false);
      await server.runtime.webhooks.remove(webhook.id);
    } finally {
      for (const started of dispatchers.splice(0)) await started.stop();
      await allowed.close();
    }
    expect(internal.received).toEqual([]);
  });
});
