import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineOnlyRuntime } from '../support/engine-only-runtime.ts';
import { bearer, testApp, transferInput } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

const shape = (code: string) => ({ code, message: expect.any(String), details: expect.any(Object) });

async function withInstance(options: Parameters<typeof testApp>[0] = {}) {
  current = testApp(options);
  const response = await current.app.inject({
    method: 'POST',
    url: '/instances',
    headers: await bearer('p-an'),
    payload: { workflowId: 'member-transfer', input: transferInput },
  });
  return { ...current, id: response.json().id as string };
}

/** A decision on the revision the instance is at (read by its member, who always sees it). */
async function send(app: ReturnType<typeof testApp>['app'], id: string, personId: string, payload: object) {
  const seen = await app.inject({ url: `/instances/${id}`, headers: await bearer('p-an') });
  const expectedRevision = seen.statusCode === 200 ? seen.json<{ revision: number }>().revision : 0;
  return app.inject({
    method: 'POST',
    url: `/instances/${id}/events`,
    headers: await bearer(personId),
    payload: { expectedRevision, ...payload },
  });
}

describe('one error shape with the right status', () => {
  it('400 for a body that fails its schema, with the issues', async () => {
    const { app, id } = await withInstance();
    const response = await send(app, id, 'p-an', { type: '', extra: 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(shape('BAD_REQUEST'));
    expect(response.json().details.issues.length).toBeGreaterThan(0);
  });

  it('400 for a payload the workflow refuses', async () => {
    const { app, id } = await withInstance();
    await send(app, id, 'p-an', { type: 'SUBMIT' });
    const response = await send(app, id, 'p-binh', { type: 'CONFIRM', payload: { duesPaidThrough: 'soon' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(shape('INVALID_PAYLOAD'));
  });

  it('401 without a token, with WWW-Authenticate', async () => {
    current = testApp();
    const response = await current.app.inject({ url: '/inbox' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toEqual(shape('UNAUTHENTICATED'));
  });

  it('403 for the wrong role, 409 for the wrong state, 422 for an unmet guard', async () => {
    const { app, id } = await withInstance();
    const wrongRole = await send(app, id, 'p-nga', { type: 'SUBMIT' });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'role' } });
    const wrongState = await send(app, id, 'p-an', { type: 'PRESENT_REFERRAL' });
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'state' } });
    const timer = await send(app, id, 'p-an', { type: 'REFERRAL_EXPIRED' });
    expect(timer.statusCode).toBe(403);
    expect(timer.json().details.reason).toBe('timer_only');
  });

  it('422 when a guard refuses: a referral not dated this year', async () => {
    const { app, id } = await withInstance();
    await send(app, id, 'p-an', { type: 'SUBMIT' });
    await send(app, id, 'p-binh', {
      type: 'CONFIRM',
      payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' },
    });
    const response = await send(app, id, 'p-khanh', {
      type: 'ISSUE_REFERRAL',
      payload: { referralNumber: '1/GGT', issuedOn: '2001-01-01' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'guard' } });
  });

  it('maps every engine refusal reason to its status', async () => {
    const { mapError } = await import('../../src/plugins/error-handler.ts');
    const { WorkflowError } = await import('@doanflow/engine');
    const mapped = mapError(WorkflowError.notAllowed('guard', 'the conditions are not met'));
    expect(mapped.status).toBe(422);
    expect(mapped.body).toEqual(shape('EVENT_NOT_ALLOWED'));
    expect(mapError(WorkflowError.notAllowed('finished', 'done')).status).toBe(409);
    expect(mapError(WorkflowError.notAllowed('conflict_of_interest', 'own unit')).status).toBe(403);
  });

  it('404 for unknown routes, instances and workflows', async () => {
    current = testApp();
    const { app } = current;
    const route = await app.inject({ url: '/nowhere?x=1' });
    expect(route.statusCode).toBe(404);
    expect(route.json()).toEqual(shape('NOT_FOUND'));
    const workflow = await app.inject({
      method: 'POST',
      url: '/instances',
      headers: await bearer('p-an'),
      payload: { workflowId: 'no-such-thing', input: {} },
    });
    expect(workflow.statusCode).toBe(404);
    expect(workflow.json()).toEqual(shape('UNKNOWN_WORKFLOW'));
  });

  it('429 in the same shape with Retry-After when the rate limit is hit', async () => {
    current = testApp({ rateLimit: { max: 2, timeWindow: 60_000 } });
    const { app } = current;
    for (let i = 0; i < 2; i += 1) expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    const limited = await app.inject({ url: '/health' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json()).toEqual(shape('RATE_LIMITED'));
  });

  it('413 for a body over the limit, in the same shape', async () => {
    current = testApp();
    const response = await current.app.inject({
      method: 'POST',
      url: '/instances',
      headers: { ...(await bearer('p-an')), 'content-type': 'application/json' },
      payload: JSON.stringify({ workflowId: 'member-transfer', input: { reason: 'x'.repeat(2_000_000) } }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual(shape('PAYLOAD_TOO_LARGE'));
  });

  it('500 with a generic message and no stack when the runtime fails unexpectedly', async () => {
    const registry = new WorkflowRegistry(unionWorkflows);
    const runtime = new EngineOnlyRuntime(registry);
    runtime.inbox = async () => {
      throw new Error('connection to 10.0.0.5:5432 refused (secret detail)');
    };
    current = testApp({ runtime, registry });
    const response = await current.app.inject({ url: '/inbox', headers: await bearer('p-an') });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'INTERNAL', message: 'internal server error', details: {} });
    expect(response.body).not.toContain('10.0.0.5');
  });
});
