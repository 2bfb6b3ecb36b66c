import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/runner/contract.ts';
import { openSse, type SseClient } from '../support/sse.ts';
import { transferInput as request } from '../support/test-app.ts';
import { bearer, e2eDirectory, openServer, TestClock, type E2eServer } from './support.ts';

const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' };

let server: E2eServer;
let address: string;
const streams: SseClient[] = [];

beforeAll(async () => {
  server = await openServer('live', {
    clock: new TestClock('2026-03-02T02:00:00Z'),
    // Each stream reads who holds which role when it opens (a directory import happens below).
    app: { changeFeed: { scopeRefreshMs: 0 } },
  });
  address = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await server?.close();
});

async function streamOf(personId: string): Promise<SseClient> {
  const stream = await openSse(`${address}/events`, await bearer(personId));
  await stream.next((event) => event.type === 'ready');
  streams.push(stream);
  return stream;
}

const changesOf = (stream: SseClient, instanceId: string) =>
  stream.events
    .filter((event) => event.type === 'change' && (event.data as ChangeEvent).instanceId === instanceId)
    .map((event) => (event.data as ChangeEvent).state);

describe('live updates (GET /events) against the durable runtime', () => {
  it('reach the officers above the unit: its đoàn cơ sở and the city union, not another branch', async () => {
    const [hieu, ha, binh, vy] = (await Promise.all(['p-hieu', 'p-ha', 'p-binh', 'p-vy'].map(streamOf))) as [
      SseClient,
      SseClient,
      SseClient,
      SseClient,
    ];
    const { id } = await server.http.started('p-an', 'member-transfer', request);
    await server.http.sent('p-an', id, 'SUBMIT');
    for (const stream of [hieu, ha, binh]) {
      await stream.next((event) => (event.data as ChangeEvent).state === 'sourceBranch');
    }
    // The city union's standing officer is two levels above the branch.
    expect(changesOf(ha, id)).toEqual(['requested', 'sourceBranch']);
    const change = ha.events.find((event) => event.type === 'change')!.data as ChangeEvent;
    expect(change.unitIds).toEqual(expect.arrayContaining(['cd-thon2', 'tradoc', 'dn']));
    // Mai Tường Vy is secretary of a branch of the receiving base: nothing of hers above or below.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changesOf(vy, id)).toEqual([]);
  });

  it('keep reaching whoever acted on an instance, whatever unit they or the case have moved to', async () => {
    const { id } = await server.http.started('p-an', 'member-transfer', request);
    await server.http.sent('p-an', id, 'SUBMIT');
    await server.http.sent('p-binh', id, 'CONFIRM', confirm);
    // Trần Thị Bình leaves her branch's committee: no role at any unit of the case any more.
    await server.runtime.importDirectory(
      {
        ...e2eDirectory,
        bindings: e2eDirectory.bindings.map((binding) =>
          binding.personId === 'p-binh' ? { ...binding, validTo: '2026-03-01' } : binding,
        ),
      },
      'replace',
    );
    const binh = await streamOf('p-binh');
    const vy = await streamOf('p-vy');
    await server.http.sent('p-hieu', id, 'ISSUE_REFERRAL', {
      issuedOn: '2026-03-02',
    });
    await binh.next((event) => (event.data as ChangeEvent).state === 'inTransit');
    const change = binh.events.find((event) => event.type === 'change')!.data as ChangeEvent;
    expect(change.personIds).toEqual(expect.arrayContaining(['p-an', 'p-binh', 'p-hieu']));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changesOf(vy, id)).toEqual([]);
  });
});
