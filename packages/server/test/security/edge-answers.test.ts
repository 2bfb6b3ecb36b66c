import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterEach, assert, describe, expect, it } from 'vitest';
import { bearer, SECRET, TENANT, testApp } from '../support/test-app.ts';

/**
 * The small holes of the hostile review: dev tokens by the client's address, not the bind address;
 * 429 and 431 answers a portal can read (CORS, security headers); a token from the future; each of
 * Fastify's refusals under its own code.
 */

const PORTAL = 'https://portal.example.vn';
let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

describe('dev tokens', () => {
  const mint = (extra: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
    current!.app.inject({
      method: 'POST',
      url: '/auth/dev-token',
      payload: { personId: 'p-binh' },
      ...extra,
    });

  it('are given only to a client on this machine, never through a proxy', async () => {
    current = testApp({ auth: { secret: SECRET, devTokens: true } });
    expect((await mint()).statusCode).toBe(200);
    expect((await mint({ remoteAddress: '::ffff:127.0.0.1' })).statusCode).toBe(200);
    const refusals: { remoteAddress?: string; headers?: Record<string, string> }[] = [
      { remoteAddress: '203.0.113.9' },
      { remoteAddress: '10.1.2.3' },
      // A proxy on the same host connects from loopback, but forwards someone else.
      { headers: { 'x-forwarded-for': '203.0.113.9' } },
      { headers: { forwarded: 'for=203.0.113.9' } },
      { headers: { 'x-real-ip': '203.0.113.9' } },
    ];
    for (const refused of refusals) {
      const response = await mint(refused);
      assert.strictEqual(response.statusCode, 403, JSON.stringify(refused));
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_loopback' } });
    }
    const people = await current.app.inject({ url: '/auth/dev-people', remoteAddress: '203.0.113.9' });
    expect(people.statusCode).toBe(403);
  });
});

describe('tokens', () => {
  const issuedAt = (secondsFromNow: number) =>
    new SignJWT({ tenant: TENANT })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('p-binh')
      .setIssuedAt(Math.floor(Date.now() / 1000) + secondsFromNow)
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(SECRET));

  it('refuses one issued in the future, allowing a minute of clock skew', async () => {
    current = testApp();
    const inbox = async (token: string) =>
      current!.app.inject({ url: '/inbox', headers: { authorization: `Bearer ${token}` } });
    const future = await inbox(await issuedAt(3600));
    expect(future.statusCode).toBe(401);
    expect(future.json()).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'claim:iat' } });
    expect((await inbox(await issuedAt(30))).statusCode).toBe(200);
  });
});

describe('answers a portal can read', () => {
  it('429 carries CORS and the security headers, so the portal reads Retry-After', async () => {
    current = testApp({ rateLimit: { max: 1 } });
    const headers = { origin: PORTAL, ...(await bearer('p-binh')) };
    expect((await current.app.inject({ url: '/inbox', headers })).statusCode).toBe(200);
    const limited = await current.app.inject({ url: '/inbox', headers });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(String(limited.headers['access-control-expose-headers'])).toMatch(/Retry-After/i);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['x-content-type-options']).toBe('nosniff');
    expect(limited.headers['content-security-policy']).toBeDefined();
  });

  it('431 (headers too large, refused by Node before Fastify) too, in the error shape', async () => {
    current = testApp();
    await current.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = current.app.server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `GET /inbox HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PORTAL}\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
        );
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(new RegExp(`\r\naccess-control-allow-origin: ${PORTAL}(\r\n|$)`, 'i'));
    expect(head).toMatch(/\r\nx-content-type-options: nosniff/i);
    expect(head).toMatch(/\r\ncontent-security-policy: /i);
    expect(JSON.parse(body!)).toEqual({
      code: 'HEADERS_TOO_LARGE',
      message: expect.any(String),
      details: { reason: 'HPE_HEADER_OVERFLOW' },
    });
  });

  it('413 and 415 each under their own code, not BAD_REQUEST', async () => {
    current = testApp();
    const headers = await bearer('p-an');
    const tooLarge = await current.app.inject({
      method: 'POST',
      url: '/instances',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: `{"workflowId":"member-transfer","input":{"reason":"${'x'.repeat(2 * 1024 * 1024)}"}}`,
    });
    expect([tooLarge.statusCode, tooLarge.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const wrongType = await current.app.inject({
      method: 'POST',
      url: '/instances',
      headers: { ...headers, 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect([wrongType.statusCode, wrongType.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});
