import { randomBytes } from 'node:crypto';
import type { DoanflowServer, HostedRuntime, InstanceView } from '@doanflow/server';
import { createHost } from '../src/host.ts';

interface Answer<T> {
  status: number;
  body: T;
}
type Refusable = InstanceView & { code?: string; details?: { reason?: string } };
interface InboxItem {
  instanceId: string;
  role: string;
  roleLabel: { vi: string; en: string };
  personId: string | null;
  events: string[];
  subject: string;
}

export interface TestHost {
  runtime: HostedRuntime;
  schema: string;
  call<T>(personId: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<Answer<T>>;
  send(personId: string, id: string, type: string, payload?: object): Promise<Answer<Refusable>>;
  inboxOf(personId: string): Promise<InboxItem[]>;
  close(): Promise<void>;
}

/**
 * The host over HTTP for one test file: real PostgreSQL (a schema of its own) and Redis (a BullMQ
 * prefix of its own), dev tokens, and helpers that call the API as a person.
 */
export async function openHost(): Promise<TestHost> {
  const databaseUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/doanflow_test';
  const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const suffix = randomBytes(5).toString('hex');
  const schema = `custom_workflow_${suffix}`;
  const server: DoanflowServer = await createHost({
    databaseUrl,
    schema,
    redisUrl,
    queuePrefix: `dfcustom_${suffix}`,
    reconcileIntervalMs: 0,
    poolSize: 4,
    log: () => {},
    http: { auth: { secret: randomBytes(32).toString('base64url'), devTokens: true } },
  });
  const { app } = server;
  const runtime: HostedRuntime = server.runtime;
  await app.ready();
  const tokens = new Map<string, string>();

  async function call<T>(personId: string, method: 'GET' | 'POST', url: string, payload?: object) {
    let token = tokens.get(personId);
    if (!token) {
      const minted = await app.inject({ method: 'POST', url: '/auth/dev-token', payload: { personId } });
      token = (minted.json() as { token: string }).token;
      tokens.set(personId, token);
    }
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json() as T };
  }

  /** Sends an event at the instance's current revision; returns the answer, whatever its status. */
  async function send(personId: string, id: string, type: string, payload: object = {}) {
    const seen = await call<InstanceView>(personId, 'GET', `/instances/${id}`);
    return call<Refusable>(personId, 'POST', `/instances/${id}/events`, {
      type,
      expectedRevision: seen.body.revision ?? 1,
      payload,
    });
  }

  const inboxOf = async (personId: string) =>
    (await call<{ items: InboxItem[] }>(personId, 'GET', '/inbox')).body.items;

  const close = async () => {
    await runtime.timers?.queue.obliterate({ force: true });
    await runtime.db.query(`drop schema if exists ${schema} cascade`);
    await server.close();
  };
  return { runtime, schema, call, send, inboxOf, close };
}
