import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  openSecureServer,
  rowCounts,
  securityDirectory,
  TestClock,
  type SecureServer,
} from './support.ts';

/**
 * Comments and names carrying HTML or script are stored and returned as data, byte for byte, in
 * JSON (never as HTML): a portal that renders them as text is safe.
 */

const clock = new TestClock('2026-03-02T02:00:00Z');
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert("đoàn")</script>';
const HOSTILE_NAME = `Hà ${IMG}${SCRIPT}`;
let server: SecureServer;

beforeAll(async () => {
  server = await openSecureServer('output', clock, {});
  // A member whose name (as the directory holds it) is hostile.
  const directory = {
    ...securityDirectory,
    people: [...securityDirectory.people, { id: 'p-xss', name: HOSTILE_NAME, memberOf: 'cd-thon2' }],
  };
  await server.runtime.importDirectory(directory, 'replace');
}, 60_000);
afterAll(async () => server?.close());

describe('HTML and script in user data', () => {
  it('returns a history comment and the inbox subject unchanged, as JSON', async () => {
    const started = await server.app.inject({
      method: 'POST',
      url: '/instances',
      headers: await bearer('p-xss'),
      payload: {
        workflowId: 'member-transfer',
        input: {
          memberId: 'p-xss',
          kind: 'permanent',
          sourceBranchId: 'cd-thon2',
          destinationBaseId: 'hoachau',
          reason: SCRIPT,
        },
      },
    });
    assert.strictEqual(started.statusCode, 201, started.body);
    const id = started.json<{ id: string }>().id;
    const comment = `${IMG} ${SCRIPT} \u202Eevil`;
    const sent = await server.app.inject({
      method: 'POST',
      url: `/instances/${id}/events`,
      headers: await bearer('p-xss'),
      payload: { type: 'SUBMIT', comment, expectedRevision: 1 },
    });
    assert.strictEqual(sent.statusCode, 200, sent.body);

    const history = await server.app.inject({
      url: `/instances/${id}/history`,
      headers: await bearer('p-binh'),
    });
    expect(history.headers['content-type']).toMatch(/^application\/json/);
    expect(history.headers['x-content-type-options']).toBe('nosniff');
    const items = history.json<{
      items: { type: string; comment: string | null; actor: { name: string } }[];
    }>().items;
    expect(items.find((entry) => entry.type === 'SUBMIT')).toMatchObject({
      comment,
      actor: { name: HOSTILE_NAME },
    });
    expect(items[0]!.type).toBe('$start');

    const inbox = await server.app.inject({ url: '/inbox', headers: await bearer('p-binh') });
    expect(inbox.headers['content-type']).toMatch(/^application\/json/);
    const task = inbox
      .json<{ items: { instanceId: string; subject: string }[] }>()
      .items.find((item) => item.instanceId === id);
    expect(task?.subject).toContain(HOSTILE_NAME);
    const view = await server.app.inject({ url: `/instances/${id}`, headers: await bearer('p-binh') });
    expect(view.json<{ summary: { reason: string } }>().summary.reason).toBe(SCRIPT);
    // The raw bodies carry the markup only inside JSON strings, escaped as JSON, never as a page.
    for (const response of [history, inbox, view]) expect(response.body.startsWith('{')).toBe(true);
  });

  it('refuses a NUL character before it reaches PostgreSQL, writing nothing', async () => {
    const started = await server.app.inject({
      method: 'POST',
      url: '/instances',
      headers: await bearer('p-an'),
      payload: {
        workflowId: 'member-transfer',
        input: {
          memberId: 'p-an',
          kind: 'permanent',
          sourceBranchId: 'cd-thon2',
          destinationBaseId: 'hoachau',
          reason: 'x',
        },
      },
    });
    const id = started.json<{ id: string }>().id;
    const before = await rowCounts(server.runtime);
    for (const request of [
      {
        method: 'POST' as const,
        url: `/instances/${id}/events`,
        payload: { type: 'SUBMIT', comment: 'a\u0000b' },
      },
      {
        method: 'POST' as const,
        url: '/instances',
        payload: { workflowId: 'member-transfer', input: { reason: '\u0000' } },
      },
      { method: 'GET' as const, url: `/instances/a%00b` },
      { method: 'GET' as const, url: `/inbox?search=a%00b` },
    ]) {
      const response = await server.app.inject({ ...request, headers: await bearer('p-an') });
      assert.strictEqual(response.statusCode, 400, request.url);
      expect(response.json()).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await rowCounts(server.runtime)).toEqual(before);
  });
});
