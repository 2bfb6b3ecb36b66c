import { createECDH, randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import { demoDirectoryData, person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { decrypt } from 'http_ece';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { WebPushChannel } from '../../src/notifications/channels/web-push-channel.ts';
import { createNotifier } from '../../src/notifications/create-notifier.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { PushReceiver } from '../support/push-receiver.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_notify_push');
const clock = new TestClock('2026-03-02T02:00:00Z');
const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:it@doan.test' };
let runtime: HostedRuntime;
let receiver: PushReceiver;

beforeAll(async () => {
  receiver = await PushReceiver.start((path) => (path === '/gone' ? 410 : 201));
  runtime = await openRuntime({ schema, clock, directory: demoDirectoryData });
});
afterAll(async () => {
  await runtime?.close();
  await receiver?.close();
  await dropSchema(schema);
});

/** A browser's subscription: its key pair stays here so the test can read what arrives. */
function browser(path: string) {
  const keys = createECDH('prime256v1');
  keys.generateKeys();
  const auth = randomBytes(16);
  return {
    keys,
    auth,
    subscription: {
      endpoint: receiver.endpoint(path),
      keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    },
  };
}

describe('Web Push (VAPID) to a push service on loopback', () => {
  it('a new task reaches the browsers a person subscribed, encrypted for them and signed by the server', async () => {
    const channel = new WebPushChannel({ db: runtime.db, vapid, agent: new Agent({ ca: receiver.cert }) });
    const { notifier, tokens } = createNotifier(
      runtime,
      {
        smtp: undefined,
        vapid: undefined,
        portalUrl: 'https://portal.test/#/ho-so/{instanceId}',
        publicUrl: 'https://server.test',
        secret: 'unsubscribe-secret-0123456789-abcdef',
        concurrency: 2,
        maxAttempts: 3,
      },
      { channels: [channel], baseDelayMs: 10, log: () => {} },
    );
    const app = buildApp({
      runtime,
      registry: new WorkflowRegistry(unionWorkflows),
      auth: { secret: SECRET, tenant: TENANT },
      notifications: { notifier, tokens, vapidPublicKey: vapid.publicKey },
    });
    const phone = browser('/phone');
    const headers = await bearer('p-binh');
    const settings = await app.inject({ method: 'GET', url: '/me/notification-preferences', headers });
    expect(settings.json()).toMatchObject({ channels: ['webpush'], vapidPublicKey: vapid.publicKey });
    const added = await app.inject({
      method: 'POST',
      url: '/me/push-subscriptions',
      headers,
      payload: phone.subscription,
    });
    expect(added.statusCode).toBe(204);
    const refused = await app.inject({
      method: 'POST',
      url: '/me/push-subscriptions',
      headers,
      payload: { endpoint: 'not a url', keys: { p256dh: 'x', auth: 'y' } },
    });
    expect(refused.statusCode).toBe(400);
    // A browser whose push service has forgotten it (410): removed, the other still served.
    await channel.subscribe('p-binh', browser('/gone').subscription, clock.now());

    const started = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(started.id, { type: 'SUBMIT' }, person('p-an'));
    await notifier.settled();

    const push = receiver.received.find((request) => request.path === '/phone');
    expect(push).toBeDefined();
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push!.headers['ttl'])).toBeGreaterThan(0);
    // VAPID: "vapid t=<JWT signed with the server's key>, k=<its public key>".
    const [, token, key] = /^vapid t=([^,]+), k=(.+)$/.exec(String(push!.headers['authorization']))!;
    expect(key).toBe(vapid.publicKey);
    expect(decodeProtectedHeader(token!).alg).toBe('ES256');
    const publicKey = Buffer.from(vapid.publicKey, 'base64url');
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: publicKey.subarray(1, 33).toString('base64url'),
      y: publicKey.subarray(33, 65).toString('base64url'),
    };
    await jwtVerify(token!, await importJWK(jwk, 'ES256'));
    expect(decodeJwt(token!)).toMatchObject({
      aud: receiver.endpoint('').replace(/\/$/, ''),
      sub: vapid.subject,
    });

    const message = JSON.parse(
      decrypt(push!.body, { version: 'aes128gcm', privateKey: phone.keys, authSecret: phone.auth }).toString(
        'utf8',
      ),
    ) as { title: string; url: string; tag: string };
    expect(message.title).toMatch(/^Việc mới cần xử lý: /);
    expect(message.url).toBe(`https://portal.test/#/ho-so/${started.id}`);
    expect(message.tag).toMatch(/^task\.new:.*:p-binh:webpush$/);

    const endpoints = await runtime.db.query<{ endpoint: string }>('select endpoint from push_subscriptions');
    expect(endpoints.map((row) => row.endpoint)).toEqual([receiver.endpoint('/phone')]);
    const [row] = await runtime.db.query<{ state: string }>(
      `select state from notifications where channel = 'webpush' and person_id = 'p-binh'`,
    );
    expect(row!.state).toBe('sent');
    await notifier.stop();
  });
});
