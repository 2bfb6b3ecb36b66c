import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, rowCounts, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_conflicts');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

describe('refusals and retries', () => {
  it('refuses a stale revision with the current one, writing nothing', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 });
    const before = await rowCounts(runtime);
    await expect(
      runtime.send(view.id, { type: 'WITHDRAW' }, person('p-an'), { expectedRevision: 1 }),
    ).rejects.toMatchObject({ code: 'STALE_REVISION', details: { currentRevision: 2 } });
    expect(await rowCounts(runtime)).toEqual(before);
  });

  it('replays the first answer for a repeated idempotency key, and refuses the key for another request', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'), {
      idempotencyKey: 'start-1',
    });
    const again = await runtime.start('member-transfer', transferInput, person('p-an'), {
      idempotencyKey: 'start-1',
    });
    expect(again).toEqual(view);

    const first = await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'), { idempotencyKey: 'k-1' });
    const before = await rowCounts(runtime);
    const replayed = await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'), {
      idempotencyKey: 'k-1',
    });
    expect(replayed).toEqual(first);
    expect(await rowCounts(runtime)).toEqual(before);
    await expect(
      runtime.send(view.id, { type: 'WITHDRAW' }, person('p-an'), { idempotencyKey: 'k-1' }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Keys belong to a principal: another person's identical key is a new request.
    await expect(
      runtime.send(
        view.id,
        { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
        person('p-binh'),
        {
          idempotencyKey: 'k-1',
        },
      ),
    ).resolves.toMatchObject({ state: 'sourceBase' });
  });

  it('writes nothing for refused events (wrong role, bad payload, unknown instance)', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    const before = await rowCounts(runtime);
    await expect(
      runtime.send(
        view.id,
        { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'x' } },
        person('p-khanh'),
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
    await expect(
      runtime.send(view.id, { type: 'CONFIRM', payload: { duesPaidThrough: 12 } }, person('p-binh'), {
        idempotencyKey: 'bad',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    await expect(runtime.send('no-such-instance', { type: 'SUBMIT' }, person('p-an'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      runtime.start('member-transfer', { memberId: 'p-an' }, person('p-an')),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await rowCounts(runtime)).toEqual(before);
    // A refused first attempt does not burn its key.
    await expect(
      runtime.send(view.id, { type: 'CONFIRM', payload: { duesPaidThrough: 12 } }, person('p-binh'), {
        idempotencyKey: 'bad',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
  });

  it('says what changed since a stale revision: each step missed, by whom, from which state', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'), { expectedRevision: 1 });
    await runtime.send(view.id, { type: 'WITHDRAW' }, person('p-an'), { expectedRevision: 2 });
    // A secretary's page still showed the request as just submitted.
    await expect(
      runtime.send(
        view.id,
        { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
        person('p-binh'),
        { expectedRevision: 2 },
      ),
    ).rejects.toMatchObject({
      code: 'STALE_REVISION',
      details: {
        currentRevision: 3,
        changes: [
          {
            seq: 2,
            type: 'WITHDRAW',
            actor: { personId: 'p-an', role: 'member' },
            from: 'sourceBranch',
            to: expect.any(String),
          },
        ],
      },
    });
  });

  it('reports each item of a bulk decision', async () => {
    const a = await runtime.start('member-transfer', transferInput, person('p-an'));
    const b = await runtime.start('member-transfer', transferInput, person('p-an'));
    const results = await runtime.bulk(
      [
        { instanceId: a.id, command: { type: 'SUBMIT' } },
        { instanceId: b.id, command: { type: 'SUBMIT' }, expectedRevision: 7 },
      ],
      person('p-an'),
    );
    expect(results[0]).toMatchObject({ ok: true, instance: { state: 'sourceBranch' } });
    expect(results[1]).toMatchObject({
      ok: false,
      error: { code: 'STALE_REVISION', details: { currentRevision: 1 } },
    });
  });
});
