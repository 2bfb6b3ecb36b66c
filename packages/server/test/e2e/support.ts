import { demoDirectoryData, type DirectoryData, type PendingTimer } from '@doanflow/engine';
import { expect } from 'vitest';
import type { DoanflowApp } from '../../src/app.ts';
import type { AttachmentView } from '../../src/attachments/dossiers.ts';
import type { HistoryView, InstanceView } from '../../src/runner/contract.ts';
import { multipart } from '../support/files.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { openTestServer, type TestServer, type TestServerOptions } from '../support/test-server.ts';
import { signToken } from '../support/tokens.ts';
import { rowCounts, type TestClock } from '../runtime/support.ts';

export { auditInstance, REDIS_URL, rowCounts, TestClock, uniqueName } from '../runtime/support.ts';

export const SECRET = 'e2e-secret-that-is-long-enough-0123456789';
export const TENANT = 'danang';

const always = '2000-01-01';

/**
 * The demo province plus the awards council of Thành đoàn Đà Nẵng filled out (six members, so a
 * quorum is reachable) and an officer of the central union who holds every role at the wrong unit.
 */
export const e2eDirectory: DirectoryData = {
  ...demoDirectoryData,
  people: [
    ...demoDirectoryData.people,
    // Phó Bí thư Thành đoàn; lives in thôn 2 and takes part in its branch (a conflict of interest there).
    { id: 'p-long', name: 'Lê Hoàng Long', memberOf: 'cd-thon2' },
    { id: 'p-oanh', name: 'Trịnh Kim Oanh', memberOf: 'cd-kdc-tayan' },
    { id: 'p-xuan', name: 'Đinh Thanh Xuân', memberOf: null },
  ],
  bindings: [
    ...demoDirectoryData.bindings,
    { personId: 'p-long', role: 'upperStanding', unitId: 'dn', validFrom: always },
    { personId: 'p-long', role: 'standingSecretary', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-long', role: 'councilChair', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-long', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-oanh', role: 'secretariat', unitId: 'dn', validFrom: always },
    { personId: 'p-oanh', role: 'councilMember', unitId: 'dn', validFrom: always },
    ...['secretariat', 'councilMember', 'councilChair', 'standingSecretary', 'upperStanding'].map((role) => ({
      personId: 'p-xuan',
      role,
      unitId: 'tw',
      validFrom: always,
    })),
  ],
};

/**
 * An HS256 bearer header for a directory person, as a portal's identity provider would issue it;
 * valid for 6 h, so a server whose clock the durability suite stepped an hour ahead still takes it.
 */
const tokens = new Map<string, Promise<string>>();
export function bearer(personId: string): Promise<{ authorization: string }> {
  let token = tokens.get(personId);
  if (!token) {
    token = signToken({ secret: SECRET, tenant: TENANT }, personId, {}, '6h');
    tokens.set(personId, token);
  }
  return token.then((value) => ({ authorization: `Bearer ${value}` }));
}

export interface E2eServer extends TestServer {
  clock: TestClock;
  http: HttpClient;
}

export interface ServerOptions extends Omit<TestServerOptions, 'auth' | 'http'> {
  clock: TestClock;
  /** Options of the HTTP app beyond runtime, registry and auth. */
  app?: TestServerOptions['http'];
}

/** The server as main.ts builds it (own PostgreSQL schema, BullMQ with its own prefix), over HTTP. */
export async function openServer(name: string, options: ServerOptions): Promise<E2eServer> {
  const { clock, app, ...rest } = options;
  const server = await openTestServer(`e2e_${name}`, {
    directory: e2eDirectory,
    ...rest,
    clock,
    auth: { secret: SECRET, tenant: TENANT },
    ...(app ? { http: app } : {}),
  });
  return { ...server, clock, http: new HttpClient(server.app) };
}

/** A JSON answer: status, body and the ETag. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  etag: string | undefined;
}

type Headers = Record<string, string>;

/** The HTTP API as a portal calls it, one person at a time. */
export class HttpClient {
  private readonly app: DoanflowApp;

  constructor(app: DoanflowApp) {
    this.app = app;
  }

  async call<T>(
    personId: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Headers = {},
  ): Promise<Answer<T>> {
    const response = await this.app.inject({
      method,
      url,
      headers: { ...(await bearer(personId)), ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const etag = response.headers.etag;
    return { status: response.statusCode, body: response.json() as T, etag: etag as string | undefined };
  }

  start(personId: string, workflowId: string, input: unknown, headers?: Headers) {
    return this.call<InstanceView>(personId, 'POST', '/instances', { workflowId, input }, headers);
  }

  /**
   * Sends a decision on the revision the person sees now, unless the event or an If-Match names one
   * (a person who cannot see the instance sends 0, and is told 404 all the same).
   */
  async send(personId: string, id: string, event: Record<string, unknown>, headers: Headers = {}) {
    let body = event;
    if (event['expectedRevision'] === undefined && headers['if-match'] === undefined) {
      const seen = await this.get(personId, id);
      body = { ...event, expectedRevision: seen.status === 200 ? seen.body.revision : 0 };
    }
    return this.call<InstanceView>(personId, 'POST', `/instances/${id}/events`, body, headers);
  }

  get(personId: string, id: string) {
    return this.call<InstanceView>(personId, 'GET', `/instances/${id}`);
  }

  history(personId: string, id: string) {
    return this.call<{ items: HistoryView[] }>(personId, 'GET', `/instances/${id}/history`);
  }

  inbox(personId: string, query: Record<string, string | number> = {}) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) search.set(key, String(value));
    return this.call<{
      items: InstanceView['tasks'];
      nextCursor: string | null;
      counts: { total: number; overdue: number; byWorkflow: Record<string, number> };
    }>(personId, 'GET', `/inbox?${search}`);
  }

  /** Uploads one file of a document kind to an instance (multipart, as a browser sends it). */
  async upload(personId: string, id: string, kind: string, name: string, bytes: Buffer) {
    const body = multipart(name, bytes);
    const response = await this.app.inject({
      method: 'POST',
      url: `/instances/${id}/attachments?kind=${encodeURIComponent(kind)}`,
      headers: { ...(await bearer(personId)), ...body.headers },
      payload: body.payload,
    });
    return { status: response.statusCode, body: response.json() as AttachmentView & { code?: string } };
  }

  /** Uploads and expects 201; returns the new attachment's id. */
  async uploaded(personId: string, id: string, kind: string, name: string, bytes: Buffer): Promise<string> {
    const answer = await this.upload(personId, id, kind, name, bytes);
    if (answer.status !== 201) throw new Error(`upload by ${personId}: ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  }

  /** Starts an instance and expects 201. */
  async started(personId: string, workflowId: string, input: unknown): Promise<InstanceView> {
    const answer = await this.start(personId, workflowId, input);
    if (answer.status !== 201) throw new Error(`start by ${personId}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Sends an event and expects 200. */
  async sent(
    personId: string,
    id: string,
    type: string,
    payload?: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<InstanceView> {
    const answer = await this.send(personId, id, {
      type,
      ...(payload === undefined ? {} : { payload }),
      ...extra,
    });
    if (answer.status !== 200) throw new Error(`${type} by ${personId}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async historyTypes(personId: string, id: string): Promise<string[]> {
    const answer = await this.history(personId, id);
    if (answer.status !== 200) throw new Error(`history: ${JSON.stringify(answer.body)}`);
    return answer.body.items.map((entry) => entry.type);
  }
}

/**
 * Fires an instance's pending timer the way production does: the clock passes its due time, the
 * BullMQ delayed job is promoted, the worker delivers it. Resolves when the instance has changed.
 */
export async function fireTimer(server: E2eServer, instanceId: string, name: string): Promise<PendingTimer> {
  const { runtime, clock } = server;
  const [row] = await runtime.db.query<{ id: string; due: string | Date }>(
    `select id, due from timers where instance_id = $1 and name = $2 and status = 'pending'`,
    [instanceId, name],
  );
  if (!row) throw new Error(`no pending timer ${name} on ${instanceId}`);
  const due = new Date(row.due).toISOString();
  if (clock.now().toISOString() < due) clock.set(due);
  // Other timers of this instance already due at the new time may fire in the same batch (the
  // worker tops batches up with due timers): wait for this one's own transition.
  const fired = new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => {
      stop();
      reject(new Error(`timer ${name} did not fire`));
    }, 10_000);
    const stop = runtime.subscribe((change) => {
      if (change.instanceId !== instanceId) return;
      void runtime.db
        .query<{ status: string }>('select status from timers where id = $1', [row.id])
        .then(([timer]) => {
          if (timer?.status === 'pending') return;
          clearTimeout(timeout);
          stop();
          resolve();
        });
    });
  });
  expect(await runtime.timers!.state(row.id)).toBe('delayed');
  expect(await runtime.timers!.promote(row.id)).toBe(true);
  await fired;
  return { id: row.id, name, due } as PendingTimer;
}

/** Status of every timer row of an instance, by name (in creation order). */
export async function timerRows(runtime: HostedRuntime, instanceId: string) {
  return runtime.db.query<{ id: string; name: string; status: string }>(
    'select id, name, status from timers where instance_id = $1 order by created_at, id',
    [instanceId],
  );
}

/** The one JSON error shape. */
export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown> & { issues?: { path: (string | number)[] }[] };
}

/** Expects a refusal that wrote nothing: same row counts in every table before and after. */
export async function expectRefusedWithoutWrites(
  runtime: HostedRuntime,
  request: () => Promise<Answer<unknown>>,
  status: number,
  code: string,
): Promise<Answer<ErrorBody>> {
  const before = await rowCounts(runtime);
  const answer = (await request()) as Answer<ErrorBody>;
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(await rowCounts(runtime)).toEqual(before);
  return answer;
}
