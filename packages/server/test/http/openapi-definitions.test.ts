import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

/** Every "$ref" in the document points at a component that exists. */
function danglingRefs(document: any): string[] {
  const missing: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const [, kind, name] = /^#\/components\/(schemas|headers)\/(.+)$/.exec(child) ?? [];
        if (!kind || !name || !document.components[kind]?.[name]) missing.push(child);
      } else visit(child);
    }
  };
  visit(document.paths);
  visit(document.components);
  return missing;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route with its responses', async () => {
    current = testApp();
    const response = await current.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    // The release the package names, which is the newest entry of its changelog (Changesets').
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
    const { version } = JSON.parse(read('../../package.json')) as { version: string };
    expect(read('../../CHANGELOG.md').match(/^## (\S+)$/m)?.[1]).toBe(version);
    expect(document.info).toMatchObject({ title: 'doanflow', version });
    const operations = Object.entries<Record<string, any>>(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    // Each workflow of the deployment has its typed start and events (test/openapi checks them).
    const workflows = current.registry.latest().map((definition) => definition.id);
    expect(
      operations
        .filter(({ key }) => key.includes(' /workflows/'))
        .map(({ key }) => key)
        .sort(),
    ).toEqual(
      workflows
        .flatMap((id) => [`POST /workflows/${id}/instances`, `POST /workflows/${id}/instances/{id}/events`])
        .sort(),
    );
    // …and its typed summary (summarySchema): a generated client reads `summary.kind`, not unknown.
    for (const id of workflows) {
      const created = document.paths[`/workflows/${id}/instances`].post.responses['201'];
      const summary = created.content['application/json'].schema.properties.summary;
      expect({ id, typed: Object.keys(summary.properties ?? {}).length > 0 }).toEqual({ id, typed: true });
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(document.paths['/instances'].post.responses['201'].headers).toMatchObject({
      ETag: expect.anything(),
      Location: expect.anything(),
    });
    expect(
      operations
        .map((operation) => operation.key)
        .filter((key) => !key.includes(' /workflows/'))
        .sort(),
    ).toEqual(
      [
        'GET /health',
        'GET /ready',
        'GET /definitions',
        'GET /definitions/{id}',
        'GET /definitions/{id}/diagram',
        'POST /instances',
        'GET /instances/{id}',
        'POST /instances/{id}/events',
        'GET /instances/{id}/history',
        'POST /instances/bulk-events',
        'GET /inbox',
        'POST /delegations',
        'GET /delegations',
        'POST /delegations/{id}/revoke',
        'GET /reports/units/{unitId}',
        'GET /reports/units/{unitId}/xlsx',
        'GET /reports/units/{unitId}/csv',
        'GET /events',
        'GET /directory',
        'PUT /directory',
        'POST /directory/import',
        'GET /calendar/{year}',
        'PUT /calendar/{year}',
        'GET /calendar/{year}/notices',
        'POST /webhooks',
        'GET /webhooks',
        'DELETE /webhooks/{id}',
        'POST /webhooks/{id}/enable',
      ].sort(),
    );
    const undocumented = operations.filter(({ operation }) => {
      const statuses = Object.keys(operation.responses);
      return !statuses.some((status) => status.startsWith('2')) || !statuses.includes('500');
    });
    expect(undocumented.map(({ key }) => key)).toEqual([]);
    expect(danglingRefs(document)).toEqual([]);
    // The report's shape is a named schema a generated client gets (issue 14 item 3).
    expect(document.components.schemas['UnitReport']).toBeDefined();
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the docs UI with security headers', async () => {
    current = testApp();
    const response = await current.app.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('definitions', () => {
  it('describes each workflow: labels, JSON Schemas, flags and the statechart', async () => {
    current = testApp();
    const response = await current.app.inject({ url: '/definitions', headers: await bearer('p-an') });
    expect(response.statusCode).toBe(200);
    const transfer = response.json().items.find((item: { id: string }) => item.id === 'member-transfer');
    expect(transfer).toMatchObject({ version: 2, versions: [1, 2], title: { vi: 'Chuyển sinh hoạt đoàn' } });
    expect(transfer.input).toMatchObject({ type: 'object', properties: { memberId: { type: 'string' } } });
    const confirm = transfer.events.find((event: { type: string }) => event.type === 'CONFIRM');
    expect(confirm).toMatchObject({ decision: true, timer: false, payload: { type: 'object' } });
    const expired = transfer.events.find((event: { type: string }) => event.type === 'REFERRAL_EXPIRED');
    expect(expired.timer).toBe(true);
    expect(transfer.states.length).toBeGreaterThan(5);
    expect(transfer.statechart[0]).toMatchObject({
      path: expect.any(String),
      transitions: expect.any(Array),
    });
  });

  it('gives one definition by id and version, 404 for an unknown one, 400 for a bad version', async () => {
    current = testApp();
    const headers = await bearer('p-an');
    const one = await current.app.inject({ url: '/definitions/member-transfer?version=1', headers });
    expect(one.statusCode).toBe(200);
    expect(one.json().id).toBe('member-transfer');
    expect(
      (await current.app.inject({ url: '/definitions/member-transfer?version=9', headers })).json().code,
    ).toBe('UNKNOWN_VERSION');
    expect((await current.app.inject({ url: '/definitions/nope', headers })).statusCode).toBe(404);
    expect(
      (await current.app.inject({ url: '/definitions/member-transfer?version=abc', headers })).statusCode,
    ).toBe(400);
  });
});
