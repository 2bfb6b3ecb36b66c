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

  it('tell every open stream to resync when this process lost its link to the others’ changes', async () => {
    const ha = await streamOf('p-ha');
    const before = ha.events.find((event) => event.type === 'ready')!.id!;
    const { id } = await server.http.started('p-an', 'member-transfer', request);
    await ha.next((event) => event.type === 'change' && (event.data as ChangeEvent).instanceId === id);
    // The LISTEN connection dies (a PostgreSQL restart or failover does this): whatever other
    // processes committed until it is back never arrived, so the streams cannot be trusted.
    const [terminated] = await server.runtime.db.query<{ ended: boolean }>(
      `select bool_or(pg_terminate_backend(pid)) as ended from pg_stat_activity
        where datname = current_database() and query = $1`,
      [`listen "${server.runtime.hub.channel}"`],
    );
    expect(terminated?.ended).toBe(true);
    await ha.next((event) => event.type === 'resync');
    expect(server.runtime.hub.changeLink).toEqual({ connected: true, restores: 1 });

    // A stream resuming from before the loss is told to reload, not replayed a partial story;
    // one resuming from after it is replayed what it missed.
    const afterLoss = await streamOf('p-ha');
    const resumePoint = afterLoss.events.find((event) => event.type === 'ready')!.id!;
    await server.http.sent('p-an', id, 'SUBMIT');
    const fromBefore = await openSse(`${address}/events`, {
      ...(await bearer('p-ha')),
      'last-event-id': before,
    });
    const fromAfter = await openSse(`${address}/events`, {
      ...(await bearer('p-ha')),
      'last-event-id': resumePoint,
    });
    streams.push(fromBefore, fromAfter);
    await fromBefore.next((event) => event.type === 'ready');
    await fromAfter.next((event) => event.type === 'ready');
    expect(fromBefore.events.map((event) => event.type)).toEqual(['resync', 'ready']);
    expect(fromAfter.events.map((event) => event.type)).toEqual(['change', 'ready']);
    expect(changesOf(fromAfter, id)).toEqual(['sourceBranch']);
  });
});
