import { demoDirectoryData } from '@doanflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

// p-yen holds "secretariat" at the city union (dn), one level under the root: a directory admin.
const ADMIN = 'p-yen';

describe('directory', () => {
  it('lets a directory administrator read, replace and merge it', async () => {
    current = testApp();
    const headers = await bearer(ADMIN);
    const read = await current.app.inject({ url: '/directory', headers });
    expect(read.statusCode).toBe(200);
    expect(read.json().people.length).toBe(demoDirectoryData.people.length);
    const replaced = await current.app.inject({
      method: 'PUT',
      url: '/directory',
      headers,
      payload: demoDirectoryData,
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ units: demoDirectoryData.units.length, tasksRerouted: 0 });
    const merged = await current.app.inject({
      method: 'POST',
      url: '/directory/import',
      headers,
      payload: {
        ...demoDirectoryData,
        units: [],
        people: [{ id: 'p-new', name: 'Người Mới' }],
        bindings: [],
      },
    });
    expect(merged.statusCode).toBe(200);
    expect(current.runtime.writes).toEqual(['importDirectory', 'importDirectory']);
  });

  it.each([
    ['a branch secretary', 'p-binh'],
    ['a base secretary', 'p-hieu'],
    ['a city officer without the role', 'p-ha'],
    ['someone not in the directory', 'p-nobody'],
  ])('refuses %s with 403 and writes nothing', async (_name, personId) => {
    current = testApp();
    const headers = await bearer(personId);
    expect((await current.app.inject({ url: '/directory', headers })).statusCode).toBe(403);
    const put = await current.app.inject({
      method: 'PUT',
      url: '/directory',
      headers,
      payload: demoDirectoryData,
    });
    expect(put.statusCode).toBe(403);
    expect(put.json().code).toBe('FORBIDDEN');
    expect(current.runtime.writes).toEqual([]);
  });

  it('refuses invalid directory data with 400 before importing', async () => {
    current = testApp();
    const response = await current.app.inject({
      method: 'PUT',
      url: '/directory',
      headers: await bearer(ADMIN),
      payload: { levels: [], units: [{ id: 'x' }], people: [], bindings: [] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues.length).toBeGreaterThan(0);
    expect(current.runtime.writes).toEqual([]);
  });
});

describe('webhooks', () => {
  it('registers, lists without secrets, and removes', async () => {
    current = testApp();
    const headers = await bearer(ADMIN);
    const created = await current.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers,
      payload: {
        url: 'https://portal.example.vn/hooks/doanflow',
        secret: 's'.repeat(24),
        topics: ['instance.changed'],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('secret');
    const list = await current.app.inject({ url: '/webhooks', headers });
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain('s'.repeat(24));
    const id = created.json().id;
    expect((await current.app.inject({ method: 'DELETE', url: `/webhooks/${id}`, headers })).statusCode).toBe(
      204,
    );
    const again = await current.app.inject({ method: 'DELETE', url: `/webhooks/${id}`, headers });
    expect(again.statusCode).toBe(404);
  });

  it.each([
    ['a non-http URL', { url: 'ftp://portal.example.vn/x', secret: 's'.repeat(20) }],
    ['a javascript: URL', { url: 'javascript:alert(1)', secret: 's'.repeat(20) }],
    ['credentials in the URL', { url: 'https://user:pw@portal.example.vn/x', secret: 's'.repeat(20) }],
    ['a short secret', { url: 'https://portal.example.vn/x', secret: 'short' }],
  ])('refuses %s with 400', async (_name, payload) => {
    current = testApp();
    const response = await current.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: await bearer(ADMIN),
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect((await current.webhooks.list()).length).toBe(0);
  });

  it('is for administrators only', async () => {
    current = testApp();
    const response = await current.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: await bearer('p-binh'),
      payload: { url: 'https://portal.example.vn/x', secret: 's'.repeat(20) },
    });
    expect(response.statusCode).toBe(403);
    expect((await current.webhooks.list()).length).toBe(0);
  });
});
