import { describe, expect, it } from 'vitest';
import { DoanflowApiError } from './errors.ts';
import { createDoanflowClient } from './http-client.ts';

const BASE = 'http://doanflow.test';
const instance = { id: 'i-1', revision: 2 };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fetch that answers from a script, recording what it was sent. */
function scripted(...answers: (() => Response)[]) {
  const sent: { method: string; url: string; key: string | null }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    sent.push({ method: init.method ?? 'GET', url: String(input), key: headers.get('idempotency-key') });
    const next = answers.shift();
    if (!next) throw new TypeError('fetch failed');
    return next();
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

const unavailable = () =>
  json(
    503,
    { code: 'UNAVAILABLE', message: 'down', details: { retryAfterSeconds: 0 } },
    { 'retry-after': '0' },
  );

describe('retries', () => {
  it('sends an event again with the same Idempotency-Key after a 503 and a dropped connection', async () => {
    const server = scripted(
      unavailable,
      () => {
        throw new TypeError('fetch failed');
      },
      () => json(200, instance),
    );
    const client = createDoanflowClient({ baseUrl: BASE, fetch: server.fetch, retry: { maxDelayMs: 1 } });
    expect(await client.sendEvent('i-1', { type: 'CONFIRM' }, { expectedRevision: 1 })).toEqual(instance);
    expect(server.sent.map((request) => request.method)).toEqual(['POST', 'POST', 'POST']);
    const keys = new Set(server.sent.map((request) => request.key));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[\x21-\x7e]+$/);
  });

  it('gives up after the attempts allowed, with the last error and the server’s Retry-After', async () => {
    const server = scripted(unavailable, unavailable, unavailable);
    const client = createDoanflowClient({
      baseUrl: BASE,
      fetch: server.fetch,
      retry: { attempts: 1, maxDelayMs: 1 },
    });
    const failure = await client.getInstance('i-1').catch((error: unknown) => error);
    expect(server.sent).toHaveLength(2);
    expect(failure).toBeInstanceOf(DoanflowApiError);
    expect(failure).toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
      retryAfterSeconds: 0,
      isRetryable: true,
    });
  });

  it('never repeats a request without a key (bulk) nor a refusal', async () => {
    const bulk = scripted(unavailable, () => json(200, { results: [] }));
    const client = createDoanflowClient({ baseUrl: BASE, fetch: bulk.fetch, retry: { maxDelayMs: 1 } });
    await expect(
      client.sendBulk([{ instanceId: 'i-1', command: { type: 'CONFIRM' }, expectedRevision: 1 }]),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(bulk.sent).toHaveLength(1);

    const stale = scripted(() =>
      json(409, { code: 'STALE_REVISION', message: 'stale', details: { currentRevision: 5 } }),
    );
    const other = createDoanflowClient({ baseUrl: BASE, fetch: stale.fetch, retry: { maxDelayMs: 1 } });
    const failure = (await other
      .sendEvent('i-1', { type: 'CONFIRM' }, { expectedRevision: 1 })
      .catch((error: unknown) => error)) as DoanflowApiError;
    expect(stale.sent).toHaveLength(1);
    // Narrowed by its code, the details have that code's shape.
    expect(failure.is('STALE_REVISION') && failure.details.currentRevision).toBe(5);
    expect(failure.isConflict).toBe(true);
  });
});
