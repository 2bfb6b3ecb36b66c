import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/runner/contract.ts';
import { testApp, tokenFor } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

const change = (overrides: Partial<ChangeEvent>): ChangeEvent => ({
  instanceId: 'i-1',
  workflowId: 'member-transfer',
  state: 'sourceBranch',
  revision: 2,
  unitIds: [],
  personIds: [],
  ...overrides,
});

/** Reads the stream until `until` matches what arrived, or fails after a while. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: (text: string) => boolean) {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5000;
  while (!until(text)) {
    if (Date.now() > deadline) throw new Error(`stream stalled; got: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

async function listening() {
  current = testApp({ heartbeatMs: 50 });
  const address = await current.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...current, address };
}

describe('GET /events (Server-Sent Events)', () => {
  it('streams only the changes visible to the caller, with a query token and heartbeats', async () => {
    const { address, runtime } = await listening();
    const token = await tokenFor('p-binh'); // branch secretary of cd-thon2
    const response = await fetch(`${address}/events?access_token=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes('retry:'));

    runtime.emit(change({ instanceId: 'elsewhere', unitIds: ['hoachau'] }));
    runtime.emit(change({ instanceId: 'mine-by-unit', unitIds: ['cd-thon2'] }));
    runtime.emit(change({ instanceId: 'mine-by-person', personIds: ['p-binh'] }));
    const text = await readUntil(
      reader,
      (seen) => seen.includes('mine-by-person') && seen.includes(': heartbeat'),
    );
    expect(text).toContain('event: change');
    expect(text).toContain('"instanceId":"mine-by-unit"');
    expect(text).not.toContain('elsewhere');
    await reader.cancel();
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

  it('unsubscribes when the client goes away, and lets the server close with streams open', async () => {
    const { address, runtime, app } = await listening();
    const listeners = () => (runtime as unknown as { listeners: Set<unknown> }).listeners.size;
    const response = await fetch(`${address}/events`, {
      headers: { authorization: `Bearer ${await tokenFor('p-binh')}` },
    });
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes('retry:'));
    expect(listeners()).toBe(1);
    await reader.cancel();
    await expect.poll(listeners).toBe(0);

    const second = await fetch(`${address}/events`, {
      headers: { authorization: `Bearer ${await tokenFor('p-binh')}` },
    });
    await readUntil(second.body!.getReader(), (text) => text.includes('retry:'));
    await app.close();
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
