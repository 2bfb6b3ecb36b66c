import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/runner/contract.ts';
import { openSse } from '../support/sse.ts';
import { testApp, tokenFor } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const change = (overrides: Partial<ChangeEvent>): ChangeEvent => ({
  instanceId: 'i-1',
  workflowId: 'member-transfer',
  state: 'sourceBranch',
  revision: 2,
  unitIds: [],
  personIds: [],
  ...overrides,
});

async function listening(overrides: Parameters<typeof testApp>[0] = {}) {
  current = testApp({ heartbeatMs: 50, ...overrides });
  const address = await current.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...current, address };
}

const auth = async (personId: string, claims = {}) => ({
  authorization: `Bearer ${await tokenFor(personId, claims)}`,
});

describe('GET /events (Server-Sent Events)', () => {
  it('streams only the changes visible to the caller, with a query token and heartbeats', async () => {
    const { address, runtime } = await listening();
    const token = await tokenFor('p-binh'); // branch secretary of cd-thon2
    const stream = await openSse(`${address}/events?access_token=${token}`);
    expect(stream.status).toBe(200);
    const ready = await stream.next((event) => event.type === 'ready');
    expect(ready.id).toMatch(/^[\w-]+-0$/);

    runtime.emit(change({ instanceId: 'elsewhere', unitIds: ['hoachau'] }));
    runtime.emit(change({ instanceId: 'mine-by-unit', unitIds: ['cd-thon2'] }));
    runtime.emit(change({ instanceId: 'mine-by-person', personIds: ['p-binh'] }));
    await stream.next((event) => (event.data as ChangeEvent).instanceId === 'mine-by-person');
    await expect.poll(() => stream.text().includes(': heartbeat')).toBe(true);
    const changes = stream.events.filter((event) => event.type === 'change');
    expect(changes.map((event) => (event.data as ChangeEvent).instanceId)).toEqual([
      'mine-by-unit',
      'mine-by-person',
    ]);
    // Numbered in the server's order, the change it did not see included.
    expect(changes.map((event) => event.id!.split('-').pop())).toEqual(['2', '3']);
    await stream.close();
  });

  it('sends the stream headers, with CORS, for a portal on another origin', async () => {
    const { address } = await listening();
    const stream = await openSse(`${address}/events`, {
      ...(await auth('p-binh')),
      origin: 'https://portal.example.vn',
    });
    await stream.next((event) => event.type === 'ready');
    await stream.close();
    const response = await fetch(`${address}/events`, {
      method: 'HEAD',
      headers: { ...(await auth('p-binh')), origin: 'https://portal.example.vn' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://portal.example.vn');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HEAD at once and holds no subscription for it', async () => {
    const { address, app } = await listening();
    const headers = await auth('p-binh');
    for (let i = 0; i < 20; i += 1) {
      const response = await fetch(`${address}/events`, { method: 'HEAD', headers });
      expect(response.status).toBe(200);
    }
    expect(app.changeFeed.streams).toBe(0);
    expect((await fetch(`${address}/events`, { method: 'HEAD' })).status).toBe(401);
  });

  it('refuses a missing or bad token with 401 in the error shape', async () => {
    const { address } = await listening();
    const missing = await fetch(`${address}/events`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    const bad = await fetch(`${address}/events?access_token=nope`);
    expect(bad.status).toBe(401);
  });

  it('accepts the query token on /events only', async () => {
    const { address } = await listening();
    const token = await tokenFor('p-binh');
    expect((await fetch(`${address}/inbox?access_token=${token}`)).status).toBe(401);
  });

  it('resumes after Last-Event-ID with what the caller missed, or says to reload', async () => {
    const { address, runtime } = await listening();
    const headers = await auth('p-binh');
    const first = await openSse(`${address}/events`, headers);
    runtime.emit(change({ instanceId: 'seen', personIds: ['p-binh'] }));
    const seen = await first.next((event) => event.type === 'change');
    await first.close();

    runtime.emit(change({ instanceId: 'missed-1', personIds: ['p-binh'] }));
    runtime.emit(change({ instanceId: 'not-mine', unitIds: ['hoachau'] }));
    runtime.emit(change({ instanceId: 'missed-2', unitIds: ['cd-thon2'] }));
    const resumed = await openSse(`${address}/events`, { ...headers, 'last-event-id': seen.id! });
    const ready = await resumed.next((event) => event.type === 'ready');
    expect(resumed.events.map((event) => [event.type, (event.data as ChangeEvent).instanceId])).toEqual([
      ['change', 'missed-1'],
      ['change', 'missed-2'],
      ['ready', undefined],
    ]);
    await resumed.close();

    // The same by query (a client that cannot set the header), from the position `ready` gave.
    runtime.emit(change({ instanceId: 'later', personIds: ['p-binh'] }));
    const byQuery = await openSse(`${address}/events?last_event_id=${ready.id}`, headers);
    await byQuery.next((event) => event.type === 'ready');
    expect(byQuery.events.filter((event) => event.type === 'change')).toHaveLength(1);
    await byQuery.close();

    // Another server's (or an older run's) id cannot be resumed: the client is told to reload.
    const foreign = await openSse(`${address}/events`, { ...headers, 'last-event-id': 'elsewhere-4' });
    await foreign.next((event) => event.type === 'ready');
    expect(foreign.events.map((event) => event.type)).toEqual(['resync', 'ready']);
    await foreign.close();
  });

  it('says to reload when the missed changes fell out of the resume window', async () => {
    const { address, runtime } = await listening({ changeFeed: { keep: 4 } });
    const headers = await auth('p-binh');
    const first = await openSse(`${address}/events`, headers);
    const ready = await first.next((event) => event.type === 'ready');
    await first.close();
    for (let i = 0; i < 10; i += 1) runtime.emit(change({ instanceId: `c-${i}`, personIds: ['p-binh'] }));
    const resumed = await openSse(`${address}/events`, { ...headers, 'last-event-id': ready.id! });
    await resumed.next((event) => event.type === 'ready');
    expect(resumed.events[0]?.type).toBe('resync');
    await resumed.close();
  });

  it('ends the stream when its token expires, saying so first', async () => {
    const { address, app } = await listening();
    const expiresIn = 2;
    const token = await tokenFor('p-binh', { exp: Math.floor(Date.now() / 1000) + expiresIn });
    const started = Date.now();
    const stream = await openSse(`${address}/events`, { authorization: `Bearer ${token}` });
    const ready = await stream.next((event) => event.type === 'ready');
    expect((ready.data as { expiresAt: number }).expiresAt).toBeGreaterThan(started);
    await stream.ended;
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(stream.events.at(-1)?.type).toBe('expired');
    await expect.poll(() => app.changeFeed.streams).toBe(0);
    // Reconnecting with the dead token gets nothing more: within the verifier's clock tolerance
    // (5 s) the stream ends at once, after that the token is refused.
    const again = await openSse(`${address}/events`, { authorization: `Bearer ${token}` });
    await again.ended;
    expect([again.status, again.events.map((event) => event.type)]).toEqual([200, ['expired']]);
    expect(app.changeFeed.streams).toBe(0);
  });

  it('releases a stream when the client goes away, and lets the server close with streams open', async () => {
    const { address, app } = await listening();
    const headers = await auth('p-binh');
    const stream = await openSse(`${address}/events`, headers);
    await stream.next((event) => event.type === 'ready');
    expect(app.changeFeed.streams).toBe(1);
    await stream.close();
    await expect.poll(() => app.changeFeed.streams).toBe(0);

    const second = await openSse(`${address}/events`, headers);
    await second.next((event) => event.type === 'ready');
    await app.close();
    await second.ended;
    current = undefined;
  });

  it('keeps the query token out of the request log', async () => {
    const lines: string[] = [];
    current = testApp({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
    const token = await tokenFor('p-binh');
    // Both are refused (the token is not valid there / at all), so the streams never open.
    await current.app.inject({ url: '/events?access_token=not.a.token&x=1' });
    await current.app.inject({ url: `/inbox?access_token=${token}` });
    expect(lines.join('')).toContain('access_token=[redacted]');
    expect(lines.join('')).not.toContain(token);
  });
});
