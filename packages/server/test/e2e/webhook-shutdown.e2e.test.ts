import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresWebhookStore } from '../../src/persistence/webhook-store.ts';
import { createChaosDatabase, type ChaosDatabase } from '../chaos/database.ts';
import { freePort, scratchDir, ServerProcess, sleep } from '../chaos/processes.ts';
import { transferInput } from '../chaos/workload.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { bearer, REDIS_URL, uniqueName } from './support.ts';

/**
 * The real server process with a webhook backlog behind a receiver that hangs: SIGTERM stops
 * delivering at once and exits 0, and the next start delivers every message.
 */
const MESSAGES = 20;
let database: ChaosDatabase;
let receiver: WebhookReceiver;
let server: ServerProcess;
const scratch = scratchDir();

beforeAll(async () => {
  database = await createChaosDatabase('webhooks');
  receiver = await WebhookReceiver.start(() => 'hang');
  const { db, close } = await database.verifier();
  await new PostgresWebhookStore(db).add({
    url: receiver.url,
    secret: 'portal-webhook-secret-0123456789',
    topics: ['instance.changed'],
  });
  await close();
  server = new ServerProcess(
    {
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      port: await freePort(),
      fromSource: true,
      extra: { BULLMQ_PREFIX: uniqueName('dfhook'), WEBHOOK_TIMEOUT_MS: '60000' },
    },
    `${scratch.path}/server.log`,
  );
}, 60_000);
afterAll(async () => {
  await server?.kill();
  await receiver?.close();
  await database?.drop();
  scratch.dispose();
});

async function exitOf(process: ServerProcess): Promise<{ code: number | null; ms: number }> {
  const child = process.child!;
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000).then(() => -1)]);
  return { code, ms: Date.now() - started };
}

describe('webhook delivery across a shutdown', () => {
  it('stops at once on SIGTERM with a backlog, exits 0, and delivers the rest on the next start', async () => {
    await server.start();
    const headers = { ...(await bearer('p-an')), 'content-type': 'application/json' };
    for (let i = 0; i < MESSAGES; i += 1) {
      const answer = await fetch(`${server.url}/instances`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ workflowId: 'member-transfer', input: transferInput }),
      });
      expect(answer.status).toBe(201);
    }
    // Every message handed to the subscription; the receiver holds as many as its concurrency allows.
    const verifier = await database.verifier();
    const queued = async () =>
      Number((await verifier.db.query<{ n: string }>('select count(*) as n from webhook_deliveries'))[0]!.n);
    try {
      for (let wait = 0; wait < 200 && (await queued()) < MESSAGES; wait += 1) await sleep(25);
    } finally {
      await verifier.close();
    }
    for (let wait = 0; wait < 200 && receiver.hangingCount < 4; wait += 1) await sleep(25);
    expect(receiver.hangingCount).toBe(4);

    const stopped = await exitOf(server);
    expect({ ...stopped, log: server.tail() }).toMatchObject({ code: 0 });
    // Well inside the 10 s grace after which the process would exit 1.
    expect(stopped.ms).toBeLessThan(5_000);
    const { db, close } = await database.verifier();
    try {
      const rows = await db.query<{ attempts: number; locked: boolean; delivered: boolean }>(
        `select attempts, locked_until is not null as locked, delivered_at is not null as delivered
         from webhook_deliveries`,
      );
      expect(rows).toHaveLength(MESSAGES);
      // The cut attempts were handed back uncounted, for the next start to take at once.
      expect(rows.every((row) => row.attempts === 0 && !row.locked && !row.delivered)).toBe(true);
    } finally {
      await close();
    }

    receiver.behaviour = () => 204;
    await server.start();
    for (let wait = 0; wait < 400 && receiver.accepted.size < MESSAGES; wait += 1) await sleep(25);
    expect(receiver.accepted.size).toBe(MESSAGES);
    const again = await exitOf(server);
    expect(again.code).toBe(0);
    expect(server.tail()).not.toMatch(/"level":50/);
  }, 120_000);
});
