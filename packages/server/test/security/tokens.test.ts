import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  openSecureServer,
  PORTAL,
  rowCounts,
  SECRET,
  TENANT,
  TestClock,
  tokenFor,
  type SecureServer,
} from './support.ts';

/** Tokens, rate limiting and CORS on the real app over the real runtime (test/http covers them on a double). */

const clock = new TestClock('2026-03-02T02:00:00Z');
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const shape = (code: string) => ({ code, message: expect.any(String), details: expect.any(Object) });
const transfer = {
  workflowId: 'member-transfer',
  input: {
    memberId: 'p-an',
    kind: 'permanent',
    sourceBranchId: 'cd-thon2',
    destinationBaseId: 'hoachau',
    reason: 'x',
  },
};

let hs: SecureServer;
let rs: SecureServer;
let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
let instanceId: string;

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  hs = await openSecureServer('tokens', clock, { rateLimit: { max: 1_000_000 } });
  rs = await openSecureServer('tokens_rs', clock, { auth: { jwks: { keys: [jwk] }, tenant: TENANT } });
  const started = await hs.app.inject({
    method: 'POST',
    url: '/instances',
    headers: await bearer('p-an'),
    payload: transfer,
  });
  instanceId = started.json<{ id: string }>().id;
}, 60_000);
afterAll(async () => {
  await hs?.close();
  await rs?.close();
});

const rsToken = (claims: Record<string, unknown> = {}) =>
  new SignJWT({ tenant: TENANT, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('p-an')
    .setExpirationTime('1h')
    .sign(rsa.privateKey);

describe('bearer tokens on the real runtime', () => {
  const forged: [string, () => Promise<string>, string][] = [
    ['expired', () => tokenFor('p-an', { exp: now() - 60 }), 'expired'],
    [
      'signed with another secret',
      () => tokenFor('p-an', {}, 'another-secret-that-is-long-enough-000000'),
      'signature',
    ],
    [
      'alg none',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'p-an', tenant: TENANT, exp: now() + 600 })}.`,
      'algorithm',
    ],
    [
      'HS512 (not accepted)',
      () =>
        new SignJWT({ tenant: TENANT })
          .setProtectedHeader({ alg: 'HS512' })
          .setSubject('p-an')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(SECRET)),
      'algorithm',
    ],
    ['without sub', () => tokenFor(undefined), 'claim:sub'],
    [
      'without exp',
      () =>
        new SignJWT({ tenant: TENANT })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('p-an')
          .sign(new TextEncoder().encode(SECRET)),
      'claim:exp',
    ],
    ["another tenant's", () => tokenFor('p-an', { tenant: 'hanoi' }), 'tenant'],
    ['without tenant', () => tokenFor('p-an', { tenant: undefined }), 'tenant'],
    ['garbage', async () => 'not.a.token', 'malformed'],
  ];

  it.each(forged)(
    'refuses a token %s with 401 on reads and decisions, writing nothing',
    async (_name, make, reason) => {
      const authorization = `Bearer ${await make()}`;
      const before = await rowCounts(hs.runtime);
      for (const request of [
        { method: 'GET' as const, url: '/inbox' },
        { method: 'GET' as const, url: `/instances/${instanceId}` },
        { method: 'POST' as const, url: `/instances/${instanceId}/events`, payload: { type: 'SUBMIT' } },
        { method: 'POST' as const, url: '/instances', payload: transfer },
      ]) {
        const response = await hs.app.inject({ ...request, headers: { authorization } });
        assert.strictEqual(response.statusCode, 401, request.url);
        expect(response.json()).toEqual({ ...shape('UNAUTHENTICATED'), details: { reason } });
      }
      expect(await rowCounts(hs.runtime)).toEqual(before);
    },
  );

  it('accepts RS256 from the key set, refuses HS256 signed with its public key (HS/RS confusion)', async () => {
    expect(
      (await rs.app.inject({ url: '/inbox', headers: { authorization: `Bearer ${await rsToken()}` } }))
        .statusCode,
    ).toBe(200);
    for (const secret of [await exportSPKI(rsa.publicKey), JSON.stringify(await exportJWK(rsa.publicKey))]) {
      const token = await new SignJWT({ tenant: TENANT })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setSubject('p-an')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
      const response = await rs.app.inject({ url: '/inbox', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(401);
      expect(response.json().details.reason).toBe('algorithm');
    }
    const otherKey = await generateKeyPair('RS256');
    const wrongKey = await new SignJWT({ tenant: TENANT })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('p-an')
      .setExpirationTime('1h')
      .sign(otherKey.privateKey);
    expect(
      (await rs.app.inject({ url: '/inbox', headers: { authorization: `Bearer ${wrongKey}` } })).statusCode,
    ).toBe(401);
  });
});

describe('rate limiting and CORS on the real runtime', () => {
  it('answers 429 in the error shape with Retry-After, before authentication', async () => {
    const limited = await openSecureServer('ratelimit', clock, { rateLimit: { max: 3, timeWindow: 60_000 } });
    try {
      const headers = await bearer('p-an');
      for (let i = 0; i < 3; i += 1)
        expect((await limited.app.inject({ url: '/inbox', headers })).statusCode).toBe(200);
      for (const request of [{ url: '/inbox', headers }, { url: '/inbox' }, { url: '/nowhere' }]) {
        const response = await limited.app.inject(request);
        expect(response.statusCode).toBe(429);
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.json()).toEqual(shape('RATE_LIMITED'));
      }
    } finally {
      await limited.close();
    }
  });

  it('refuses origins not on the list: preflight 403, no CORS headers on a simple request', async () => {
    for (const origin of [
      'https://evil.example',
      'https://portal.example.vn.evil.example',
      'null',
      'http://portal.example.vn',
    ]) {
      const preflight = await hs.app.inject({
        method: 'OPTIONS',
        url: `/instances/${instanceId}/events`,
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      assert.strictEqual(preflight.statusCode, 403, origin);
      expect(preflight.json()).toEqual(shape('FORBIDDEN'));
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const get = await hs.app.inject({ url: '/inbox', headers: { origin, ...(await bearer('p-an')) } });
      assert.isUndefined(get.headers['access-control-allow-origin'], origin);
    }
    const allowed = await hs.app.inject({
      method: 'OPTIONS',
      url: '/instances',
      headers: { origin: PORTAL, 'access-control-request-method': 'POST' },
    });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(PORTAL);
  });
});
