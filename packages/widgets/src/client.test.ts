import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from './testing/fake-server.ts';
import { FakeEventStream } from './testing/fake-event-stream.ts';
import { transferDefinition, transferInstance } from './testing/fixtures.ts';
import { DoanflowApiError } from '@doanflow/client';
import { createDoanflowClient } from '@doanflow/client';

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

const events = { 'GET /api/events': FakeEventStream.route };
const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
const change = (instanceId: string, revision = 1) => ({
  instanceId,
  workflowId: 'member-transfer',
  state: 'sourceBranch',
  revision,
  unitIds: [],
  personIds: [],
});

describe('change stream', () => {
  beforeEach(() => {
    FakeEventStream.connections = [];
  });

  it('reconnects with back-off and a fresh token, resuming after the last event', async () => {
    const server = fakeServer(events);
    let issued = 0;
    const changes: unknown[] = [];
    const statuses: string[] = [];
    const client = createDoanflowClient({
      baseUrl: BASE,
      token: () => `tok${++issued}`,
      fetch: server.fetch,
      stream: { initialDelayMs: 20 },
    });
    const stop = client.subscribe({
      onChange: (received) => changes.push(received),
      onStatus: (status) => statuses.push(status),
    });
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(1));
    const first = FakeEventStream.latest()!;
    const issuedFirst = issued;
    expect(first.request.headers['authorization']).toBe(`Bearer tok${issuedFirst}`);
    first.ready('e-0');
    first.send('change', change('i', 2), 'e-1');
    first.send('change', 'not json', 'e-2');
    await settle();
    first.fail();
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(2));
    const second = FakeEventStream.latest()!;
    // A fresh token for each connection.
    expect(second.request.headers['authorization']).toBe(`Bearer tok${issuedFirst + 1}`);
    expect(second.request.query.get('last_event_id')).toBe('e-2');
    second.end();
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(3));
    stop();
    await settle();
    expect(FakeEventStream.latest()!.closed).toBe(true);
    expect(changes).toEqual([change('i', 2)]);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'closed']);
  });

  it('shares one stream among the subscribers of a client and closes it after the last', async () => {
    const server = fakeServer(events);
    const client = createDoanflowClient({ baseUrl: BASE, token: 'tok', fetch: server.fetch });
    const seen: string[] = [];
    const stopInbox = client.subscribe(() => seen.push('inbox'));
    const stopPanel = client.subscribe(() => seen.push('panel'));
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(1));
    FakeEventStream.latest()!.send('change', change('i', 3), 'e-1');
    await vi.waitFor(() => expect(seen).toEqual(['inbox', 'panel']));
    stopInbox();
    await settle();
    expect(FakeEventStream.latest()!.closed).toBe(false);
    stopPanel();
    await vi.waitFor(() => expect(FakeEventStream.latest()!.closed).toBe(true));
    expect(FakeEventStream.connections).toHaveLength(1);
  });

  it('stops at a 401 and waits for a new token, then reconnects and has every subscriber reload', async () => {
    const server = fakeServer({
      'GET /api/events': (request) =>
        request.headers['authorization'] === 'Bearer dead'
          ? { status: 401, body: {} }
          : FakeEventStream.route(request),
    });
    const client = createDoanflowClient({
      baseUrl: BASE,
      token: 'dead',
      fetch: server.fetch,
      stream: { initialDelayMs: 5 },
    });
    const expired: string[] = [];
    client.keeper.subscribe((state) => expired.push(state));
    let reloads = 0;
    const stop = client.subscribe({ onChange: () => {}, onResync: () => (reloads += 1) });
    await vi.waitFor(() => expect(client.keeper.state).toBe('expired'));
    await settle(100);
    // No retries with the dead token.
    expect(server.requests.filter((request) => request.path === '/api/events')).toHaveLength(1);
    client.keeper.set('fresh');
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(1));
    expect(FakeEventStream.latest()!.request.headers['authorization']).toBe('Bearer fresh');
    expect(expired).toEqual(['expired', 'active']);
    expect(reloads).toBe(1);
    stop();
  });

  it('goes on at once with a fresh token when the server ends the stream at the token’s expiry', async () => {
    const server = fakeServer(events);
    let issued = 0;
    const client = createDoanflowClient({
      baseUrl: BASE,
      token: () => `tok${++issued}`,
      fetch: server.fetch,
    });
    const stop = client.subscribe(() => {});
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(1));
    const first = FakeEventStream.latest()!;
    first.ready('e-4');
    first.send('expired', {});
    first.end();
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(2));
    expect(FakeEventStream.latest()!.request.query.get('last_event_id')).toBe('e-4');
    expect(client.keeper.state).toBe('active');
    stop();
  });

  it('expires when the server ends the stream and the token is the same one', async () => {
    const server = fakeServer(events);
    const client = createDoanflowClient({ baseUrl: BASE, token: 'only-one', fetch: server.fetch });
    const stop = client.subscribe(() => {});
    await vi.waitFor(() => expect(FakeEventStream.connections).toHaveLength(1));
    FakeEventStream.latest()!.send('expired', {});
    FakeEventStream.latest()!.end();
    await vi.waitFor(() => expect(client.keeper.state).toBe('expired'));
    expect(FakeEventStream.connections).toHaveLength(1);
    stop();
  });
});

describe('tokens', () => {
  it('asks getToken again after a 401 and sends the request once more with the new token', async () => {
    const server = fakeServer({
      'GET /api/instances/x': (request) =>
        request.headers['authorization'] === 'Bearer t2'
          ? { body: transferInstance }
          : { status: 401, body: { code: 'UNAUTHENTICATED', message: 'expired', details: {} } },
    });
    let issued = 0;
    const client = createDoanflowClient({ baseUrl: BASE, token: () => `t${++issued}`, fetch: server.fetch });
    expect((await client.getInstance('x')).id).toBe(transferInstance.id);
    expect(server.requests.map((request) => request.headers['authorization'])).toEqual([
      'Bearer t1',
      'Bearer t2',
    ]);
  });

  it('fails with UNAUTHENTICATED and expires when no new token comes; close() aborts what is in flight', async () => {
    const server = fakeServer({
      'GET /api/instances/x': {
        status: 401,
        body: { code: 'UNAUTHENTICATED', message: 'expired', details: {} },
      },
    });
    const client = createDoanflowClient({ baseUrl: BASE, token: 'dead', fetch: server.fetch });
    await expect(client.getInstance('x')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(client.keeper.state).toBe('expired');
    expect(server.requests).toHaveLength(1);
    client.close();
    await expect(client.getInstance('slow')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
