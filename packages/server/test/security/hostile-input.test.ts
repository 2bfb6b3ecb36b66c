import * as fc from 'fast-check';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openSecureServer, SECRET, TENANT, TestClock, type SecureServer } from './support.ts';

/**
 * Every route of GET /openapi.json (so a new route is fuzzed without touching this file) gets
 * hostile bodies, params, query strings and headers, on the real runtime: never a 5xx, never a
 * stack or an internal path, always the documented error shape and a documented status, nothing
 * written for a refused request, and Object.prototype untouched.
 */

const SEED = Number(process.env['SECURITY_SEED'] ?? 20_250_701);
const RUNS_PER_ROUTE = Number(process.env['SECURITY_FUZZ_RUNS'] ?? 60);

const clock = new TestClock('2026-03-02T02:00:00Z');
let server: SecureServer;
let instanceId: string;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

interface Operation {
  method: string;
  path: string;
  statuses: Set<number>;
  query: string[];
  bodyKeys: string[];
  stream: boolean;
  /** A public page (the verify page): it answers in HTML for a person, not found included. */
  page: boolean;
}
let operations: Operation[] = [];

beforeAll(async () => {
  server = await openSecureServer('fuzz', clock, {
    rateLimit: { max: 1_000_000 },
    auth: { secret: SECRET, tenant: TENANT, devTokens: true },
  });
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
  instanceId = started.json<{ id: string }>().id;
  const document = (await server.app.inject({ url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, Record<string, any>>>;
  }>();
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      statuses: new Set(Object.keys(operation['responses'] ?? {}).map(Number)),
      query: (operation['parameters'] ?? [])
        .filter((parameter: { in: string }) => parameter.in === 'query')
        .map((parameter: { name: string }) => parameter.name),
      bodyKeys: Object.keys(
        operation['requestBody']?.content?.['application/json']?.schema?.properties ?? {},
      ),
      stream: 'text/event-stream' in (operation['responses']?.['200']?.content ?? {}),
      page: 'text/html' in (operation['responses']?.['200']?.content ?? {}),
    })),
  );
}, 60_000);
afterAll(async () => server?.close());

// ---------------------------------------------------------------- hostile values

const tricks = fc.constantFrom(
  '\u202Egnp.exe', // right-to-left override
  'Bí\u200Bthư\u200D', // zero-width space and joiner
  'nul\u0000byte',
  '\uD800', // lone high surrogate
  'lone \uDFFF low',
  '\uFEFFbom',
  'e\u0301\u0301\u0301',
  '𝕯𝖔𝖆𝖓',
  '\u2067An\u2069 \u202Bđã duyệt\u202C', // bidi isolates and embeddings
  '\u200F\u061C\u200E', // direction marks
  'a\uDC00\uD800b', // surrogates in the wrong order
);
const sql = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE instances; --',
  "'); delete from history; --",
  '1; select pg_sleep(5)',
  "%' or '%'='",
  '$1::text',
  '\\x27',
);
/** Names of Object.prototype's members: as keys, event types, document kinds or ids. */
const prototypeNames = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];
const hostileKey = fc.constantFrom(...prototypeNames);
const huge = fc
  .integer({ min: 50_000, max: 2_000_000 })
  .chain((size) => fc.constantFrom('x', 'ê', '\u202E', '"').map((char) => char.repeat(size)));
/** For URLs and headers: a real HTTP server refuses request lines and headers over 16 KiB. */
const shortText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: tricks },
  { weight: 3, arbitrary: sql },
  { weight: 3, arbitrary: hostileKey },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 4000 }) },
);
/** For bodies: also strings up to 2 MB. */
const text = fc.oneof({ weight: 12, arbitrary: shortText }, { weight: 1, arbitrary: huge });
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 10 })), tie('json'), { maxKeys: 4 }),
  ),
}));
const deep = fc
  .integer({ min: 33, max: 50_000 })
  .chain((depth) =>
    fc.constantFrom(
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    ),
  );
const bigArray = fc
  .integer({ min: 1_000, max: 150_000 })
  .map((size) => `[${Array.from({ length: size }, () => '0').join(',')}]`);

/** A raw body: plain JSON junk, near-valid objects with hostile values, or structural attacks. */
const rawBody = (keys: string[]) =>
  fc.oneof(
    json.map((value) => JSON.stringify(value) ?? 'null'),
    fc
      .record({
        fields: fc.dictionary(fc.constantFrom(...(keys.length ? keys : ['x'])), json, {
          maxKeys: keys.length || 1,
        }),
        extra: fc.option(fc.tuple(hostileKey, json), { nil: undefined }),
      })
      .map(({ fields, extra }) => {
        const body = JSON.stringify(fields);
        return extra
          ? `${body.slice(0, -1)}${body.length > 2 ? ',' : ''}${JSON.stringify(extra[0])}:${JSON.stringify(extra[1]) ?? 'null'}}`
          : body;
      }),
    fc.constantFrom(
      '{"a":',
      '',
      'null',
      '"just a string"',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
    deep,
    bigArray,
  );

const token = (stream: boolean) =>
  fc.oneof(
    fc.constant(undefined),
    fc.oneof(shortText, fc.string({ maxLength: 200 })).map((value) => `Bearer ${value}`),
    // Mostly a valid token (an administrator, a member, a stranger), so the request gets past authentication.
    ...(stream
      ? []
      : [fc.constantFrom('p-yen', 'p-an', 'p-nobody'), fc.constantFrom('p-yen', 'p-an', 'p-ha')]),
  );
const headerValue = fc.oneof(
  fc.string({ maxLength: 300 }),
  sql,
  fc.constantFrom('"7"', 'W/"1"', '-1', '9'.repeat(40)),
);

function request(operation: Operation) {
  return fc.record({
    id: fc.oneof(
      fc.constant('{instance}'),
      shortText,
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    ),
    query: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...(operation.query.length ? operation.query : ['q'])),
          hostileKey,
          fc.string({ maxLength: 8 }),
        ),
        shortText,
      ),
      { maxLength: 4 },
    ),
    body: rawBody(operation.bodyKeys),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      undefined,
    ),
    auth: token(operation.stream),
    headers: fc.dictionary(
      fc.constantFrom(
        'idempotency-key',
        'if-match',
        'accept',
        'origin',
        'x-forwarded-for',
        'accept-language',
        'x-http-method-override',
      ),
      headerValue,
      { maxKeys: 3 },
    ),
  });
}

/** Row counts of every table a request could write, in one round trip. */
async function counts(): Promise<string> {
  const tables = [
    'instances',
    'history',
    'tasks',
    'timers',
    'outbox',
    'idempotency_keys',
    'webhooks',
    'directory',
    'calendar_notices',
  ];
  const [row] = await server.runtime.db.query<Record<string, string>>(
    `select ${tables.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ')}`,
  );
  return JSON.stringify(row);
}

/** Percent-encodes a path segment; a lone surrogate becomes its (invalid UTF-8) WTF-8 bytes, as a hostile client could send. */
const encodeSegment = (value: string) =>
  value.replace(/[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/gu, (part) => {
    if (part.length === 1 && /[\uD800-\uDFFF]/.test(part)) {
      const code = part.charCodeAt(0);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    }
    return encodeURIComponent(part);
  });

const LEAKS =
  /(\/work\/|node_modules|\.ts:\d+|\bat [\w.<>]+ \(|stack|postgres:\/\/|ECONNREFUSED|syntax error at or near)/i;

describe('hostile input on every documented route', () => {
  it('finds the routes in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toContain(
      'POST /instances/{id}/events',
    );
  });

  it('never fails, leaks or writes for a refused request', async () => {
    const tally: Record<string, number> = {};
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(request(operation), async (input) => {
          const id = input.id === '{instance}' ? instanceId : input.id;
          const path = operation.path.replace(/\{[^}]+\}/g, encodeSegment(id));
          const search = new URLSearchParams(input.query).toString();
          const authorization = input.auth?.startsWith('Bearer ')
            ? input.auth
            : input.auth
              ? (await bearer(input.auth)).authorization
              : undefined;
          const withBody = operation.method !== 'GET' && operation.method !== 'DELETE';
          const before = await counts();
          const response = await server.app.inject({
            method: operation.method as 'GET',
            url: search ? `${path}?${search}` : path,
            headers: {
              ...input.headers,
              ...(authorization ? { authorization } : {}),
              ...(withBody && input.contentType ? { 'content-type': input.contentType } : {}),
            },
            ...(withBody ? { payload: input.body } : {}),
          });
          const status = response.statusCode;
          const label = `${operation.method} ${operation.path} → ${status} ${response.body.slice(0, 200)}`;
          tally[status] = (tally[status] ?? 0) + 1;
          assert.isBelow(status, 500, label);
          assert.notMatch(response.body, LEAKS, label);
          if (operation.page) {
            // Its refusals past the rate limit come in the one JSON error shape, for the portal's code.
            assert.match(String(response.headers['content-type']), /^(text\/html|application\/json)/, label);
            assert.strictEqual(await counts(), before, `wrote on a page request: ${label}`);
            return;
          }
          assert.match(String(response.headers['content-type']), /^application\/json/, label);
          if (status < 400) return;
          // Before any route runs, Fastify refuses a body too large (413), of an unknown type (415) or a
          // path parameter over the router's limit (414); every other status is in the route's document.
          assert.strictEqual(operation.statuses.has(status) || [413, 414, 415].includes(status), true, label);
          const body = response.json<Record<string, unknown>>();
          assert.deepEqual(Object.keys(body).sort(), ['code', 'details', 'message'], label);
          assert.strictEqual(
            typeof body['code'] === 'string' && typeof body['message'] === 'string',
            true,
            label,
          );
          assert.strictEqual(typeof body['details'] === 'object' && body['details'] !== null, true, label);
          assert.strictEqual(await counts(), before, `wrote on a refusal: ${label}`);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
      );
    }
    console.log(
      `[security] fuzz: ${operations.length} operations × ${RUNS_PER_ROUTE} runs (seed ${SEED}); statuses ${JSON.stringify(tally)}`,
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 120_000);

  it('refuses prototype-named events, lone surrogates and bidi-laden types with a 400, writing nothing', async () => {
    const headers = await bearer('p-an');
    const hostileTypes = [...prototypeNames, '\u202ESUBMIT', 'SUBMIT\u2066', '\uD800', 'SUB\uDFFFMIT'];
    const current = await server.app.inject({ url: `/instances/${instanceId}`, headers });
    const revision = current.json<{ revision: number }>().revision;
    for (const type of hostileTypes) {
      const before = await counts();
      const single = await server.app.inject({
        method: 'POST',
        url: `/instances/${instanceId}/events`,
        headers,
        payload: { type, expectedRevision: revision },
      });
      const label = `${JSON.stringify(type)} → ${single.statusCode} ${single.body.slice(0, 200)}`;
      assert.strictEqual(single.statusCode, 400, label);
      assert.include(['UNKNOWN_EVENT', 'BAD_REQUEST'], single.json<{ code: string }>().code, label);
      // In a batch after an item that would be accepted: the whole batch is refused, nothing sent.
      const batch = await server.app.inject({
        method: 'POST',
        url: '/instances/bulk-events',
        headers,
        payload: {
          items: [
            { instanceId, type: 'WITHDRAW', expectedRevision: revision },
            { instanceId, type, expectedRevision: revision },
          ],
        },
      });
      const batchLabel = `bulk ${label} → ${batch.statusCode} ${batch.body.slice(0, 300)}`;
      assert.strictEqual(batch.statusCode, 400, batchLabel);
      assert.include(['INVALID_BULK_ITEMS', 'BAD_REQUEST'], batch.json<{ code: string }>().code, batchLabel);
      assert.strictEqual(await counts(), before, `wrote on a refusal: ${batchLabel}`);
    }
    // A lone surrogate anywhere in a body, as PostgreSQL's jsonb would refuse it.
    for (const payload of [
      { type: 'SUBMIT', comment: 'ok \uD800' },
      { type: 'SUBMIT', payload: { '\uDFFF': 1 } },
    ]) {
      const before = await counts();
      const response = await server.app.inject({
        method: 'POST',
        url: `/instances/${instanceId}/events`,
        headers,
        payload,
      });
      assert.strictEqual(response.statusCode, 400, response.body);
      expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'lone_surrogate' } });
      assert.strictEqual(await counts(), before);
    }
    const start = await server.app.inject({
      method: 'POST',
      url: '/instances',
      headers,
      payload: {
        workflowId: 'member-transfer',
        input: {
          memberId: 'p-an',
          kind: 'permanent',
          sourceBranchId: 'cd-thon2',
          destinationBaseId: 'hoachau',
          reason: 'lý do \uD83D',
        },
      },
    });
    expect(start.statusCode).toBe(400);
    expect(start.json()).toMatchObject({ details: { reason: 'lone_surrogate' } });
  });
});
