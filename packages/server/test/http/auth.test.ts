import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { demoDirectoryData } from '@doanflow/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, SECRET, TENANT, testApp, tokenFor, transferInput } from '../support/test-app.ts';
import { openTestServer, type TestServer } from '../support/test-server.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function inboxWith(token: string, options: Parameters<typeof testApp>[0] = {}) {
  current = testApp(options);
  return current.app.inject({ url: '/inbox', headers: { authorization: `Bearer ${token}` } });
}

let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
let publicJwk: Awaited<ReturnType<typeof exportJWK>>;
beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  publicJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
});

const rsToken = (claims: Record<string, unknown> = {}) =>
  new SignJWT({ tenant: TENANT, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('p-an')
    .setExpirationTime('1h')
    .sign(rsa.privateKey);

describe('bearer tokens', () => {
  it('accepts a valid HS256 token', async () => {
    expect((await inboxWith(await tokenFor('p-an'))).statusCode).toBe(200);
  });

  it.each([
    ['expired', () => tokenFor('p-an', { exp: now() - 60 }), 'expired'],
    [
      'signed with another secret',
      () => tokenFor('p-an', {}, 'another-secret-that-is-long-enough-000000'),
      'signature',
    ],
    ['missing sub', () => tokenFor(undefined), 'claim:sub'],
    ['another tenant', () => tokenFor('p-an', { tenant: 'hanoi' }), 'tenant'],
    ['no tenant', () => tokenFor('p-an', { tenant: undefined }), 'tenant'],
    [
      'without exp',
      () =>
        new SignJWT({ tenant: TENANT })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('p-an')
          .sign(new TextEncoder().encode(SECRET)),
      'claim:exp',
    ],
    [
      'alg none',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'p-an', tenant: TENANT, exp: now() + 600 })}.`,
      'algorithm',
    ],
    ['garbage', async () => 'not.a.token', 'malformed'],
  ])('refuses a token %s with 401', async (_name, make, reason) => {
    const response = await inboxWith(await make());
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason } });
    expect(response.headers['www-authenticate']).toContain('invalid_token');
  });

  it('refuses a wrong audience or issuer when they are configured', async () => {
    const auth = { secret: SECRET, tenant: TENANT, audience: 'doanflow', issuer: 'https://id.example.vn' };
    const good = await tokenFor('p-an', { aud: 'doanflow', iss: 'https://id.example.vn' });
    expect((await inboxWith(good, { auth })).statusCode).toBe(200);
    await current?.app.close();
    const wrongAud = await tokenFor('p-an', { aud: 'other', iss: 'https://id.example.vn' });
    expect((await inboxWith(wrongAud, { auth })).statusCode).toBe(401);
    await current?.app.close();
    const wrongIss = await tokenFor('p-an', { aud: 'doanflow', iss: 'https://evil.example' });
    expect((await inboxWith(wrongIss, { auth })).statusCode).toBe(401);
  });

  it('accepts RS256 from the key set and refuses HS256 signed with the public key (alg confusion)', async () => {
    const auth = { jwks: { keys: [publicJwk] }, tenant: TENANT };
    expect((await inboxWith(await rsToken(), { auth })).statusCode).toBe(200);
    await current?.app.close();
    for (const secret of [await exportSPKI(rsa.publicKey), JSON.stringify(publicJwk)]) {
      const forged = await new SignJWT({ tenant: TENANT })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setSubject('p-an')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
      const response = await inboxWith(forged, { auth });
      expect(response.statusCode).toBe(401);
      expect(response.json().details.reason).toBe('algorithm');
      await current?.app.close();
    }
  });

  it('fetches keys from a JWKS URL', async () => {
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const auth = { jwksUrl: `http://127.0.0.1:${port}/jwks.json`, tenant: TENANT };
      expect((await inboxWith(await rsToken(), { auth })).statusCode).toBe(200);
    } finally {
      server.close();
    }
  });

  it('demands a token on every documented route except health, readiness and dev tokens', async () => {
    current = testApp();
    const document = (await current.app.inject({ url: '/openapi.json' })).json();
    const open = new Set(['/health', '/ready']);
    let checked = 0;
    for (const [path, operations] of Object.entries<Record<string, unknown>>(document.paths)) {
      if (open.has(path)) continue;
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{[^}]+\}/g, 'x');
        const response = await current.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          payload: method === 'get' ? undefined : {},
        });
        expect([path, method, response.statusCode]).toEqual([path, method, 401]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
    // With a token the same routes work: the refusal really was authentication.
    expect(
      (await current.app.inject({ url: '/definitions', headers: await bearer('p-an') })).statusCode,
    ).toBe(200);
  });
});

describe('a token that claims to be the system', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await openTestServer('auth_system', {
      redis: false,
      directory: demoDirectoryData,
      auth: { secret: SECRET, tenant: TENANT },
    });
  });
  afterAll(async () => server?.close());

  const as = async (personId: string, claims: Record<string, unknown> = {}) => ({
    authorization: `Bearer ${await tokenFor(personId, claims)}`,
  });

  it('never gets the system principal or the roles it names, on the real runtime', async () => {
    const { app } = server;
    const started = await app.inject({
      method: 'POST',
      url: '/instances',
      headers: await as('p-an'),
      payload: { workflowId: 'member-transfer', input: transferInput },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    const submitted = await app.inject({
      method: 'POST',
      url: `/instances/${id}/events`,
      headers: await as('p-an'),
      payload: { type: 'SUBMIT', expectedRevision: 1 },
    });
    expect(submitted.statusCode).toBe(200);
    // The branch secretary has the confirmation to do; the would-be system sees no task.
    const secretary = await app.inject({ url: '/inbox', headers: await as('p-binh') });
    expect(secretary.json().items.map((task: { instanceId: string }) => task.instanceId)).toContain(id);

    const forged = await as('system', { roles: ['admin'], kind: 'system' });
    const inbox = await app.inject({ url: '/inbox', headers: forged });
    expect(inbox.statusCode).toBe(200);
    // "system" is just a person id nobody holds: the directory gives it no tasks and no roles.
    expect(inbox.json().counts.total).toBe(0);
    const hook = await app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: forged,
      payload: { url: 'https://portal.example.vn/hook', secret: 'forged-secret-0123456789' },
    });
    expect({ status: hook.statusCode, code: hook.json().code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    // Nor may it decide in the branch secretary's place, or see the instance at all.
    const confirm = await app.inject({
      method: 'POST',
      url: `/instances/${id}/events`,
      headers: forged,
      payload: {
        type: 'CONFIRM',
        payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' },
        expectedRevision: 2,
      },
    });
    expect(confirm.statusCode).toBe(404);
    const [row] = await server.runtime.db.query<{ revision: number; state: string }>(
      'select revision, state from instances where id = $1',
      [id],
    );
    expect(row).toMatchObject({ revision: 2, state: 'sourceBranch' });
  });
});
