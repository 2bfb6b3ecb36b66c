import { afterEach, describe, expect, it } from 'vitest';
import { bearer, testApp, transferInput } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const hostile: [string, string][] = [
  ['__proto__ key', '{"workflowId":"member-transfer","input":{"__proto__":{"admin":true}}}'],
  ['constructor.prototype', '{"workflowId":"member-transfer","input":{"constructor":{"prototype":{"x":1}}}}'],
  ['deeply nested arrays', `{"workflowId":"member-transfer","input":${deep(100_000)}}`],
  ['deeply nested objects', `{"workflowId":"member-transfer","input":${deepObject(50_000)}}`],
  ['a huge string just under the limit', JSON.stringify({ workflowId: 'x'.repeat(900_000), input: {} })],
  [
    'a huge string over the limit',
    JSON.stringify({ workflowId: 'member-transfer', input: 'x'.repeat(3_000_000) }),
  ],
  ['invalid JSON', '{"workflowId":'],
  ['an empty body', ''],
  ['a JSON string', '"hello"'],
  ['null', 'null'],
  ['unknown top-level keys', '{"workflowId":"member-transfer","input":{},"timerId":"t__1"}'],
];

describe('hostile bodies', () => {
  it.each(hostile)('never answer 5xx and never reach the runtime: %s', async (_name, body) => {
    current = testApp();
    const response = await current.app.inject({
      method: 'POST',
      url: '/instances',
      headers: { ...(await bearer('p-an')), 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(Object.keys(response.json()).sort()).toEqual(['code', 'details', 'message']);
    expect(current.runtime.writes).toEqual([]);
  });

  it('refuses prototype pollution in an event payload without polluting anything', async () => {
    current = testApp();
    const headers = { ...(await bearer('p-an')), 'content-type': 'application/json' };
    const started = await current.app.inject({
      method: 'POST',
      url: '/instances',
      headers,
      payload: { workflowId: 'member-transfer', input: transferInput },
    });
    const response = await current.app.inject({
      method: 'POST',
      url: `/instances/${started.json().id}/events`,
      headers,
      payload: '{"type":"SUBMIT","payload":{"__proto__":{"polluted":true}}}',
    });
    expect(response.statusCode).toBe(400);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses other content types and odd query strings with 4xx', async () => {
    current = testApp();
    const headers = await bearer('p-an');
    for (const [type, status, code] of [
      ['application/xml', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ] as const) {
      const response = await current.app.inject({
        method: 'POST',
        url: '/instances',
        headers: { ...headers, 'content-type': type },
        payload: '<hello/>',
      });
      expect([type, response.statusCode, response.json().code]).toEqual([type, status, code]);
    }
    // Each of Fastify's own refusals has its own stable code, not BAD_REQUEST.
    const tooLarge = await current.app.inject({
      method: 'POST',
      url: '/instances',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({
        workflowId: 'member-transfer',
        input: { reason: 'x'.repeat(12 * 1024 * 1024) },
      }),
    });
    expect([tooLarge.statusCode, tooLarge.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    for (const query of [
      'limit=-1',
      'limit=1e9',
      'limit=1&limit=2',
      'search=' + 'x'.repeat(5000),
      'dueBefore=yesterday',
    ]) {
      const response = await current.app.inject({ url: `/inbox?${query}`, headers });
      expect([query, response.statusCode]).toEqual([query, 400]);
    }
    const longId = await current.app.inject({ url: `/instances/${'x'.repeat(1000)}`, headers });
    expect(longId.statusCode).toBeLessThan(500);
  });
});
