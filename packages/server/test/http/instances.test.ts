import { afterEach, describe, expect, it } from 'vitest';
import { bearer, testApp, transferInput } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

async function started(options: Parameters<typeof testApp>[0] = {}) {
  current = testApp(options);
  const { app } = current;
  const response = await app.inject({
    method: 'POST',
    url: '/instances',
    headers: await bearer('p-an'),
    payload: { workflowId: 'member-transfer', input: transferInput },
  });
  expect(response.statusCode).toBe(201);
  return { ...current, instance: response.json() };
}

describe('instances', () => {
  it('starts an instance and shows the caller the events they may send', async () => {
    const { instance } = await started();
    expect(instance).toMatchObject({ workflowId: 'member-transfer', state: 'requested', revision: 1 });
    expect(instance.allowedEvents.map((event: { type: string }) => event.type)).toContain('SUBMIT');
  });

  it('walks a transfer through submit and confirm, with history', async () => {
    const { app, instance } = await started();
    const submit = await app.inject({
      method: 'POST',
      url: `/instances/${instance.id}/events`,
      headers: await bearer('p-an'),
      payload: { type: 'SUBMIT', expectedRevision: 1 },
    });
    expect(submit.statusCode).toBe(200);
    expect(submit.headers.etag).toBe('"2"');
    const confirm = await app.inject({
      method: 'POST',
      url: `/instances/${instance.id}/events`,
      headers: { ...(await bearer('p-binh')), 'if-match': '"2"' },
      payload: { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().state).toBe('sourceBase');
    const history = await app.inject({
      url: `/instances/${instance.id}/history`,
      headers: await bearer('p-an'),
    });
    expect(history.json().items.map((entry: { type: string }) => entry.type)).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
    ]);
    expect(history.json().items[2].actor).toMatchObject({ personId: 'p-binh', name: 'Trần Thị Bình' });
  });

  it('answers a retried request with the same Idempotency-Key with the first answer', async () => {
    const { app, instance } = await started();
    const send = async () =>
      app.inject({
        method: 'POST',
        url: `/instances/${instance.id}/events`,
        headers: { ...(await bearer('p-an')), 'idempotency-key': 'submit-1' },
        payload: { type: 'SUBMIT', expectedRevision: 1 },
      });
    const first = await send();
    const second = await send();
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
  });

  it('refuses a stale revision with 409 and the current revision', async () => {
    const { app, instance } = await started();
    const response = await app.inject({
      method: 'POST',
      url: `/instances/${instance.id}/events`,
      headers: await bearer('p-an'),
      payload: { type: 'SUBMIT', expectedRevision: 7 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      code: 'STALE_REVISION',
      message: expect.any(String),
      details: { currentRevision: 1 },
    });
  });

  it('refuses a decision without the revision its sender saw (428), single or in bulk, writing nothing', async () => {
    const { app, instance, runtime } = await started();
    const writes = runtime.writes.length;
    const single = await app.inject({
      method: 'POST',
      url: `/instances/${instance.id}/events`,
      headers: await bearer('p-an'),
      payload: { type: 'SUBMIT' },
    });
    expect(single.statusCode).toBe(428);
    expect(single.json()).toMatchObject({ code: 'REVISION_REQUIRED' });
    const bulk = await app.inject({
      method: 'POST',
      url: '/instances/bulk-events',
      headers: await bearer('p-an'),
      payload: {
        items: [
          { instanceId: instance.id, type: 'SUBMIT', expectedRevision: 1 },
          { instanceId: instance.id, type: 'WITHDRAW' },
        ],
      },
    });
    expect(bulk.statusCode).toBe(428);
    expect(bulk.json()).toMatchObject({ code: 'REVISION_REQUIRED', details: { items: [1] } });
    expect(runtime.writes.length).toBe(writes);
  });

  it('lets a deployment that relaxed the rule take a decision without a revision', async () => {
    const { app, instance } = await started({ requireExpectedRevision: false });
    const response = await app.inject({
      method: 'POST',
      url: `/instances/${instance.id}/events`,
      headers: await bearer('p-an'),
      payload: { type: 'SUBMIT' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses If-Match and expectedRevision that disagree, before the runtime is called', async () => {
    const { app, instance, runtime } = await started();
    const writes = runtime.writes.length;
    const response = await app.inject({
      method: 'POST',
      url: `/instances/${instance.id}/events`,
      headers: { ...(await bearer('p-an')), 'if-match': '"1"' },
      payload: { type: 'SUBMIT', expectedRevision: 2 },
    });
    expect(response.statusCode).toBe(400);
    expect(runtime.writes.length).toBe(writes);
  });

  it('hides an instance outside the caller’s scope behind a 404', async () => {
    const { app, instance } = await started();
    const response = await app.inject({ url: `/instances/${instance.id}`, headers: await bearer('p-dung') });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_FOUND');
  });

  it('applies bulk events item by item, never all or nothing', async () => {
    const { app, instance } = await started();
    const response = await app.inject({
      method: 'POST',
      url: '/instances/bulk-events',
      headers: await bearer('p-an'),
      payload: {
        items: [
          { instanceId: instance.id, type: 'SUBMIT', expectedRevision: 1 },
          { instanceId: 'i-missing', type: 'SUBMIT', expectedRevision: 1 },
          { instanceId: instance.id, type: 'ACCEPT', expectedRevision: 2 },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const results = response.json().results;
    expect(results.map((result: { ok: boolean }) => result.ok)).toEqual([true, false, false]);
    expect(results[1].error.code).toBe('NOT_FOUND');
    expect(results[2].error.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('lists the caller’s inbox with counts and a cursor', async () => {
    const { app } = await started();
    const response = await app.inject({ url: '/inbox?limit=5', headers: await bearer('p-an') });
    expect(response.statusCode).toBe(200);
    // p-an submits as the member and, being the branch's deputy secretary, may submit for them too.
    expect(response.json()).toMatchObject({ counts: { total: 2, byWorkflow: { 'member-transfer': 2 } } });
    const tooMany = await app.inject({ url: '/inbox?limit=101', headers: await bearer('p-an') });
    expect(tooMany.statusCode).toBe(400);
  });

  it('calls no runtime write for a request refused before it (401, 400)', async () => {
    const { app, runtime, instance } = await started();
    const writes = [...runtime.writes];
    const refused = [
      await app.inject({
        method: 'POST',
        url: '/instances',
        payload: { workflowId: 'member-transfer', input: transferInput },
      }),
      await app.inject({
        method: 'POST',
        url: `/instances/${instance.id}/events`,
        headers: { authorization: 'Bearer forged' },
        payload: { type: 'SUBMIT' },
      }),
      await app.inject({
        method: 'POST',
        url: `/instances/${instance.id}/events`,
        headers: await bearer('p-an'),
        payload: { type: 'SUBMIT', acting: 'BOSS' },
      }),
      await app.inject({
        method: 'POST',
        url: '/instances/bulk-events',
        headers: await bearer('p-an'),
        payload: { items: Array.from({ length: 101 }, () => ({ instanceId: instance.id, type: 'SUBMIT' })) },
      }),
    ];
    expect(refused.map((response) => response.statusCode)).toEqual([401, 401, 400, 400]);
    expect(runtime.writes).toEqual(writes);
  });
});
