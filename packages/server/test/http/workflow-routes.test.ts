import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineOnlyRuntime } from '../support/engine-only-runtime.ts';
import { linkListener, linkSource } from '../support/link-workflows.ts';
import { bearer, testApp, transferInput } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

const post = async (url: string, personId: string, payload: object, headers: Record<string, string> = {}) =>
  current!.app.inject({ method: 'POST', url, headers: { ...(await bearer(personId)), ...headers }, payload });

describe("a workflow's own routes", () => {
  it('start and drive an instance as /instances does, with ETag and Location', async () => {
    current = testApp();
    const started = await post('/workflows/member-transfer/instances', 'p-an', { input: transferInput });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    expect(started.headers).toMatchObject({ etag: '"1"', location: `/instances/${id}` });
    const events = `/workflows/member-transfer/instances/${id}/events`;
    const submitted = await post(events, 'p-an', { type: 'SUBMIT' }, { 'if-match': '"1"' });
    expect([submitted.statusCode, submitted.json().state, submitted.headers.etag]).toEqual([
      200,
      'sourceBranch',
      '"2"',
    ]);
  });

  it('refuse as the engine does: the same codes and issues as /instances', async () => {
    current = testApp();
    const badInput = await post('/workflows/member-transfer/instances', 'p-an', {
      input: { memberId: 'p-an' },
    });
    expect([badInput.statusCode, badInput.json().code]).toEqual([400, 'INVALID_INPUT']);
    expect(badInput.json().details.issues[0]).toMatchObject({ path: [expect.any(String)] });
    const { id } = (
      await post('/workflows/member-transfer/instances', 'p-an', { input: transferInput })
    ).json();
    const events = `/workflows/member-transfer/instances/${id}/events`;
    const unknown = await post(events, 'p-an', { type: 'CONFRIM', expectedRevision: 1 });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'UNKNOWN_EVENT']);
    await post(events, 'p-an', { type: 'SUBMIT', expectedRevision: 1 });
    const badPayload = await post(events, 'p-binh', {
      type: 'CONFIRM',
      payload: { duesPaidThrough: 'soon' },
      expectedRevision: 2,
    });
    expect([badPayload.statusCode, badPayload.json().code]).toEqual([400, 'INVALID_PAYLOAD']);
    // A decision names the revision it was taken on, as on /instances.
    const blind = await post(events, 'p-binh', { type: 'CONFIRM' });
    expect([blind.statusCode, blind.json().code]).toEqual([428, 'REVISION_REQUIRED']);
  });

  it("do not reach another workflow's instance (404, nothing written)", async () => {
    current = testApp();
    const { id, revision } = (
      await post('/workflows/member-transfer/instances', 'p-an', { input: transferInput })
    ).json();
    const wrong = await post(`/workflows/field-visit/instances/${id}/events`, 'p-an', {
      type: 'SUBMIT',
      expectedRevision: revision,
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([404, 'NOT_FOUND']);
    const after = await current.app.inject({ url: `/instances/${id}`, headers: await bearer('p-an') });
    expect(after.json().revision).toBe(revision);
  });
});

describe("a deployment's document", () => {
  it("includes a host's own workflows, with only the events a person sends", async () => {
    const registry = new WorkflowRegistry([...unionWorkflows, linkSource, linkListener]);
    current = testApp({ registry, runtime: new EngineOnlyRuntime(registry) });
    const document = (await current.app.inject({ url: '/openapi.json' })).json();
    const events = document.paths['/workflows/link-source/instances/{id}/events'].post;
    expect(events.operationId).toBe('sendLinkSourceEvent');
    const types = events.requestBody.content['application/json'].schema.oneOf.map(
      (variant: { properties: { type: { enum?: string[]; const?: string } } }) =>
        variant.properties.type.const ?? variant.properties.type.enum?.[0],
    );
    expect(types).toEqual(['DECIDE']);
    // The listener's only event arrives by a link: it can be started, not sent to.
    expect(document.paths['/workflows/link-listener/instances'].post.operationId).toBe('startLinkListener');
    expect(document.paths['/workflows/link-listener/instances/{id}/events']).toBeUndefined();
  });
});

describe('method and content type', () => {
  it('answers 405 with Allow for a known path and a wrong method, 404 for an unknown path', async () => {
    current = testApp();
    const headers = await bearer('p-an');
    const wrong = await current.app.inject({ method: 'DELETE', url: '/instances/abc', headers });
    expect([wrong.statusCode, wrong.json().code, wrong.headers.allow]).toEqual([
      405,
      'METHOD_NOT_ALLOWED',
      'GET, HEAD',
    ]);
    expect(wrong.json().details).toEqual({ allow: ['GET', 'HEAD'] });
    const unknown = await current.app.inject({ method: 'DELETE', url: '/nothing-here', headers });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers 415 for a body that is not JSON', async () => {
    current = testApp();
    const response = await current.app.inject({
      method: 'POST',
      url: '/workflows/member-transfer/instances',
      headers: { ...(await bearer('p-an')), 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect([response.statusCode, response.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});
