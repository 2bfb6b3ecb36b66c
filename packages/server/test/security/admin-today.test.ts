import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openSecureServer, TestClock, type SecureServer } from './support.ts';

/** "Who is an administrator today" is read on the runtime's clock, like every other role check. */

const clock = new TestClock('1999-06-01T02:00:00Z');
let server: SecureServer;

beforeAll(async () => {
  server = await openSecureServer('admin_today', clock);
});
afterAll(async () => server?.close());

describe('the directory administrators', () => {
  it('are the people holding the role on the runtime’s day, not on the wall clock’s', async () => {
    // p-oanh holds "secretariat" at the province from 2000-01-01: not yet, on the runtime's 1999.
    const before = await server.app.inject({ url: '/directory', headers: await bearer('p-oanh') });
    expect(before.statusCode).toBe(403);
    clock.set('2026-03-02T02:00:00Z');
    const after = await server.app.inject({ url: '/directory', headers: await bearer('p-oanh') });
    expect(after.statusCode).toBe(200);
  });
});
