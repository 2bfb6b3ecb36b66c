import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../testing/fake-server.ts';
import { FakeEventSource } from '../testing/fake-event-source.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { DoanflowApiError } from './errors.ts';
import { createDoanflowClient } from './http-client.ts';

const BASE = 'http://doanflow.test/api/';

describe('createDoanflowClient', () => {
  it('asks the token function before every request and sends JSON', async () => {
    const server = fakeServer({ 'GET /api/instances/a%2Fb': { body: transferInstance } });
    let calls = 0;
    const client = createDoanflowClient({
      baseUrl: BASE,
      token: async () => `t${++calls}`,
      fetch: server.fetch,
    });
    await client.getInstance('a/b');
    await client.getInstance('a/b');
    expect(server.requests.map((request) => request.headers['authorization'])).toEqual([
      'Bearer t1',
      'Bearer t2',
    ]);
  });

  it('rejects with the server code, message, details and status', async () => {
    const server = fakeServer({
      'POST /api/instances/i/events': {
        status: 409,
        body: { code: 'STALE_REVISION', message: 'stale', details: { currentRevision: 5 } },
      },
    });
    const client = createDoanflowClient({ baseUrl: BASE, fetch: server.fetch });
    const error = await client
      .sendEvent('i', { type: 'X' }, { expectedRevision: 4 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DoanflowApiError);
    expect(error).toMatchObject({
      code: 'STALE_REVISION',
      status: 409,
      details: { currentRevision: 5 },
      isConflict: true,
    });
    expect(server.requests[0]?.body).toEqual({ type: 'X', expectedRevision: 4 });
    expect(server.requests[0]?.headers['idempotency-key']).toBeTruthy();
  });

  it('turns a dropped connection and a non-JSON failure into typed errors', async () => {
    const server = fakeServer();
    server.goOffline();
    const client = createDoanflowClient({ baseUrl: BASE, fetch: server.fetch });
    await expect(client.inbox()).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      isNetworkError: true,
    });
    const html = createDoanflowClient({
      baseUrl: BASE,
      fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502 }),
    });
    await expect(html.inbox()).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 502 });
  });

  it('builds the inbox query and unwraps list responses', async () => {
    const server = fakeServer({
      'GET /api/inbox': {
        body: { items: [], nextCursor: null, counts: { total: 0, overdue: 0, byWorkflow: {} } },
      },
      'GET /api/definitions': { body: { items: [transferDefinition] } },
      'GET /api/definitions/member-transfer': { body: transferDefinition },
    });
    const client = createDoanflowClient({ baseUrl: BASE, fetch: server.fetch });
    await client.inbox({ search: 'bí thư', workflowId: '', limit: 5 });
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({ search: 'bí thư', limit: '5' });
    expect(await client.listDefinitions()).toEqual([transferDefinition]);
    await client.getDefinition('member-transfer');
    await client.getDefinition('member-transfer');
    expect(
      server.requests.filter((request) => request.path === '/api/definitions/member-transfer'),
    ).toHaveLength(1);
  });
});

describe('change stream', () => {
  afterEach(() => vi.useRealTimers());

  it('reconnects with back-off and a fresh token, and stops when unsubscribed', async () => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    let issued = 0;
    const changes: unknown[] = [];
    const statuses: string[] = [];
    const client = createDoanflowClient({ baseUrl: BASE, token: () => `tok${++issued}` });
    const stop = client.subscribe((change) => changes.push(change), {
      createEventSource: FakeEventSource.create,
      onStatus: (status) => statuses.push(status),
      initialDelayMs: 100,
    });
    await vi.advanceTimersByTimeAsync(0);
    const first = FakeEventSource.latest()!;
    expect(first.url).toBe('http://doanflow.test/api/events?access_token=tok1');
    first.open();
    first.emit('change', { instanceId: 'i', revision: 2 });
    first.emit('change', 'not json');
    first.fail();
    expect(first.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    const second = FakeEventSource.latest()!;
    expect(second.url).toBe('http://doanflow.test/api/events?access_token=tok2');
    second.fail();
    await vi.advanceTimersByTimeAsync(150);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(FakeEventSource.instances).toHaveLength(3);
    stop();
    expect(FakeEventSource.latest()!.closed).toBe(true);
    expect(changes).toEqual([{ instanceId: 'i', revision: 2 }]);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'closed']);
  });

  it('shares one stream among the subscribers of a client and closes it after the last', async () => {
    FakeEventSource.instances = [];
    const client = createDoanflowClient({ baseUrl: BASE, token: 'tok' });
    const seen: string[] = [];
    const options = { createEventSource: FakeEventSource.create };
    const stopInbox = client.subscribe(() => seen.push('inbox'), options);
    const stopPanel = client.subscribe(() => seen.push('panel'), options);
    await Promise.resolve();
    await Promise.resolve();
    expect(FakeEventSource.instances).toHaveLength(1);
    FakeEventSource.latest()!.emit('change', { instanceId: 'i', revision: 3 });
    expect(seen).toEqual(['inbox', 'panel']);
    stopInbox();
    expect(FakeEventSource.latest()!.closed).toBe(false);
    stopPanel();
    expect(FakeEventSource.latest()!.closed).toBe(true);
  });
});
