import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { transferInput, transferSteps, type Step } from '../chaos/workload.ts';
import { SECRET, TENANT } from '../e2e/support.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tokens as a portal keeps them: an hour long, renewed well before they expire (the soak runs for hours). */
const tokens = new Map<string, { token: Promise<string>; renewAt: number }>();
function tokenOf(personId: string): Promise<string> {
  const held = tokens.get(personId);
  if (held && Date.now() < held.renewAt) return held.token;
  const token = new SignJWT({ tenant: TENANT })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(personId)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
  tokens.set(personId, { token, renewAt: Date.now() + 30 * 60_000 });
  return token;
}

export interface LoadStats {
  sent: number;
  answered: number;
  ok: number;
  /** Status (or "network") → count, for everything not 2xx. */
  unexpected: Record<string, number>;
  latenciesMs: number[];
  streamsOpened: number;
  streamsDropped: number;
  resetsMidSetup: number;
}

export const emptyStats = (): LoadStats => ({
  sent: 0,
  answered: 0,
  ok: 0,
  unexpected: {},
  latenciesMs: [],
  streamsOpened: 0,
  streamsDropped: 0,
  resetsMidSetup: 0,
});

/**
 * A steady mix, as portals send it: member transfers that go back and forth (one request at a
 * time per instance, so every decision is legitimate), with inbox, instance, history and definition
 * reads between them, at about `perSecond` requests a second until `until`.
 */
export async function steadyLoad(url: string, perSecond: number, until: number, stats: LoadStats) {
  const cursors = 6;
  const reader = ['p-binh', 'p-hieu', 'p-an'];
  const headersOf = async (personId: string) => ({
    authorization: `Bearer ${await tokenOf(personId)}`,
    'content-type': 'application/json',
  });
  const call = async (personId: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    stats.sent += 1;
    const started = performance.now();
    try {
      const init: RequestInit = {
        method,
        headers: await headersOf(personId),
        signal: AbortSignal.timeout(30_000),
      };
      if (method === 'POST') init.body = JSON.stringify(body ?? {});
      const response = await fetch(`${url}${path}`, init);
      const text = await response.text();
      stats.answered += 1;
      stats.latenciesMs.push(performance.now() - started);
      if (response.ok) stats.ok += 1;
      else stats.unexpected[response.status] = (stats.unexpected[response.status] ?? 0) + 1;
      return response.ok ? (JSON.parse(text) as { id?: string; revision?: number }) : null;
    } catch {
      stats.unexpected['network'] = (stats.unexpected['network'] ?? 0) + 1;
      return null;
    }
  };

  const lane = async (index: number) => {
    const gapMs = (1000 * cursors) / perSecond;
    let instance: { id: string; revision: number; steps: Step[]; next: number } | null = null;
    let tick = 0;
    while (Date.now() < until) {
      const pause = sleep(gapMs * (0.5 + Math.random()));
      tick += 1;
      if (tick % 2 === 0) {
        // A read between decisions.
        const which = tick % 8;
        if (which === 0) await call(reader[index % 3]!, 'GET', '/inbox?limit=20');
        else if (which === 2 && instance) await call('p-an', 'GET', `/instances/${instance.id}`);
        else if (which === 4 && instance) await call('p-an', 'GET', `/instances/${instance.id}/history`);
        else await call('p-binh', 'GET', '/definitions');
      } else if (!instance || instance.next >= instance.steps.length) {
        const started = await call('p-an', 'POST', '/instances', {
          workflowId: 'member-transfer',
          input: transferInput,
        });
        instance = started?.id
          ? { id: started.id, revision: started.revision ?? 1, steps: transferSteps(2), next: 0 }
          : null;
      } else {
        const step = instance.steps[instance.next]!;
        const answer = await call(step.personId, 'POST', `/instances/${instance.id}/events`, {
          type: step.type,
          payload: step.payload ?? {},
          expectedRevision: instance.revision,
        });
        if (answer?.revision) instance.revision = answer.revision;
        instance.next += 1;
      }
      await pause;
    }
  };
  await Promise.all(Array.from({ length: cursors }, (_, index) => lane(index)));
}

/**
 * Event-stream churn: streams opened with the query token and dropped after 0–3 s by aborting the
 * connection, and connections reset 0–8 ms after sending the request (while the server is still
 * setting the stream up).
 */
export async function streamChurn(url: string, until: number, stats: LoadStats) {
  const { port } = new URL(url);
  const open = async () => {
    while (Date.now() < until) {
      const token = await tokenOf('p-binh');
      const controller = new AbortController();
      try {
        const response = await fetch(`${url}/events?access_token=${token}`, { signal: controller.signal });
        stats.streamsOpened += 1;
        void response.body
          ?.getReader()
          .read()
          .catch(() => {});
        await sleep(Math.random() * 3_000);
      } catch {
        // refused: counted below as not opened
      }
      controller.abort();
      stats.streamsDropped += 1;
      await sleep(50);
    }
  };
  const reset = async () => {
    while (Date.now() < until) {
      const token = await tokenOf('p-binh');
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`GET /events?access_token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
          setTimeout(() => {
            socket.resetAndDestroy();
            resolve();
          }, Math.random() * 8);
        });
        socket.on('error', () => resolve());
      });
      stats.resetsMidSetup += 1;
      await sleep(400);
    }
  };
  await Promise.all([open(), open(), reset()]);
}
