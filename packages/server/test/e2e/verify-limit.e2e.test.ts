import { afterAll, describe, expect, it } from 'vitest';
import { RedisWindowCounter } from '../../src/issued-documents/redis-window-counter.ts';
import { SECRET, TENANT } from './support.ts';
import { openTestServer, type TestServer } from '../support/test-server.ts';

const perMinute = 6;
const auth = { secret: SECRET, tenant: TENANT };
const opened: { server: TestServer; drop: boolean }[] = [];
afterAll(async () => {
  for (const { server, drop } of opened.reverse()) await server.close({ drop });
});

async function open(name: string, options: Parameters<typeof openTestServer>[1], drop = true) {
  const server = await openTestServer(name, options);
  opened.push({ server, drop });
  return server;
}

const verify = async (server: TestServer) =>
  (await server.app.inject({ method: 'GET', url: '/verify/0000-0000-0000' })).statusCode;

describe('the verify page’s rate limit', () => {
  it('is shared by two server instances on one Redis: an address gets its limit once, not once per process', async () => {
    const first = await open('verify_a', { auth, http: { verifyPerMinute: perMinute } });
    const second = await open(
      'verify_b',
      { auth, http: { verifyPerMinute: perMinute }, schema: first.schema, queuePrefix: first.prefix },
      false,
    );
    const statuses: number[] = [];
    for (let i = 0; i < perMinute; i += 1) statuses.push(await verify(i % 2 === 0 ? first : second));
    expect(statuses).toEqual(Array(perMinute).fill(404)); // no such code, but counted
    expect(await verify(first)).toBe(429);
    const refused = await second.app.inject({ method: 'GET', url: '/verify/0000-0000-0000' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('is counted in the one process of the embedded (PGlite-only) server', async () => {
    const embedded = await open('verify_pglite', {
      auth,
      embedded: true,
      redis: false,
      http: { verifyPerMinute: perMinute },
    });
    expect(embedded.runtime.timerTransport.kind).not.toBe('redis');
    const statuses: number[] = [];
    for (let i = 0; i <= perMinute; i += 1) statuses.push(await verify(embedded));
    expect(statuses).toEqual([...Array(perMinute).fill(404), 429]);
  });

  it('falls back to counting in this process while Redis does not answer (never unlimited)', async () => {
    const counter = new RedisWindowCounter({
      redisUrl: 'redis://127.0.0.1:1', // nothing listens there
      prefix: 'verify-limit-test:',
      max: 2,
      windowMs: 60_000,
    });
    try {
      const now = Date.now();
      const waits = [];
      for (let i = 0; i < 3; i += 1) waits.push(await counter.hit('198.51.100.7', now));
      expect(waits.slice(0, 2)).toEqual([0, 0]);
      expect(waits[2]).toBeGreaterThan(0);
    } finally {
      await counter.close();
    }
  });
});
