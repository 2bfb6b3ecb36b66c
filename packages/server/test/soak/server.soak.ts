import { copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresWebhookStore } from '../../src/persistence/webhook-store.ts';
import { createChaosDatabase, type ChaosDatabase } from '../chaos/database.ts';
import { freePort, scratchDir, ServerProcess, sleep } from '../chaos/processes.ts';
import { REDIS_URL, uniqueName } from '../e2e/support.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { byLabel, metric, percentile, slopePerHour, type Sample } from './figures.ts';
import { Inspector } from './inspector.ts';
import { emptyStats, steadyLoad, streamChurn } from './load.ts';

/**
 * The soak: the real server (PostgreSQL, Redis) under a steady mixed load for SOAK_MINUTES, with
 * event streams opened and dropped abruptly and webhook receivers that are healthy, flaky, slow or
 * gone. It fails when what should stay flat grows: the server's handles and change listeners
 * (between two quiet moments, before and after), the healthy subscriber's backlog, the retained
 * heap after a full GC. It prints the figures and slopes.
 */
const env = process.env;
const MINUTES = Number(env['SOAK_MINUTES'] ?? '1.5');
const RATE = Number(env['SOAK_RATE'] ?? '10');
const SAMPLE_SECONDS = Number(env['SOAK_SAMPLE_SECONDS'] ?? (MINUTES >= 10 ? '30' : '10'));
const bounds = {
  resources: Number(env['SOAK_MAX_RESOURCE_GROWTH'] ?? '12'),
  listeners: Number(env['SOAK_MAX_LISTENER_GROWTH'] ?? '2'),
  heapMb: Number(env['SOAK_MAX_HEAP_GROWTH_MB'] ?? '16'),
  heapSlopeMbPerHour: Number(env['SOAK_MAX_HEAP_SLOPE_MB_H'] ?? '20'),
  healthyBacklog: Number(env['SOAK_MAX_HEALTHY_BACKLOG'] ?? '200'),
};
const WARMUP_MS = Math.min(30_000, MINUTES * 60_000 * 0.25);
const METRICS_TOKEN = 'soak-metrics-token-0123456789';
const PREFIX = uniqueName('dfsoak');

let database: ChaosDatabase;
let server: ServerProcess;
let inspector: Inspector;
const receivers: Record<'healthy' | 'flaky' | 'slow', WebhookReceiver> = {} as never;
const webhookIds: Record<string, string> = {};
const scratch = scratchDir();

beforeAll(async () => {
  database = await createChaosDatabase('soak');
  receivers.healthy = await WebhookReceiver.start(() => 204);
  // Fails one delivery in three.
  receivers.flaky = await WebhookReceiver.start(() => (Math.random() < 0.33 ? 500 : 204));
  // Hangs past the server's timeout half the time, answers late otherwise.
  receivers.slow = await WebhookReceiver.start(() => (Math.random() < 0.5 ? 'hang' : 204));
  const gone = await WebhookReceiver.start();
  await gone.close();
  const { db, close } = await database.verifier();
  const store = new PostgresWebhookStore(db);
  const secret = 'portal-webhook-secret-0123456789';
  for (const [name, url] of [
    ['healthy', receivers.healthy.url],
    ['flaky', receivers.flaky.url],
    ['slow', receivers.slow.url],
    ['gone', gone.url],
  ] as const) {
    webhookIds[name] = (await store.add({ url, secret, topics: ['instance.changed'], description: name })).id;
  }
  await close();
  const inspectPort = await freePort();
  server = new ServerProcess(
    {
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      port: await freePort(),
      nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
      extra: {
        BULLMQ_PREFIX: PREFIX,
        METRICS_TOKEN,
        WEBHOOK_TIMEOUT_MS: '2000',
        LOG_LEVEL: 'warn',
      },
    },
    `${scratch.path}/server.log`,
  );
  await server.start();
  inspector = new Inspector(inspectPort);
  await inspector.connect();
}, 120_000);

afterAll(async () => {
  inspector?.close();
  // The server's log outlives the run when the server did not (or the soak failed): look there first.
  const kept = `${tmpdir()}/doanflow-soak-server-${Date.now()}.log`;
  if (server) copyFileSync(server.logPath, kept);
  console.log(`server log kept at ${kept} (running at the end: ${server?.running})`);
  await server?.stop();
  for (const receiver of Object.values(receivers)) await receiver.close();
  await database?.drop();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  scratch.dispose();
}, 60_000);

const started = Date.now();
async function sample(): Promise<Sample> {
  await inspector.collectGarbage();
  const text = await (
    await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const backlogs = byLabel(text, 'doanflow_webhook_backlog', 'webhook');
  const named = Object.fromEntries(Object.entries(webhookIds).map(([name, id]) => [name, backlogs[id] ?? 0]));
  return {
    at: (Date.now() - started) / 1000,
    heapMb: (metric(text, 'nodejs_heap_size_used_bytes') ?? 0) / 1_048_576,
    resources: metric(text, 'nodejs_active_resources_total') ?? 0,
    timeouts: metric(text, 'nodejs_active_resources', { type: 'Timeout' }) ?? 0,
    listeners: metric(text, 'doanflow_change_listeners') ?? 0,
    healthyBacklog: named['healthy'] ?? 0,
    backlogs: named,
    poolOpen: metric(text, 'doanflow_db_pool_connections', { state: 'open' }) ?? 0,
  };
}

/** Load and churn for `ms`, sampling every SAMPLE_SECONDS. */
async function run(ms: number, stats: ReturnType<typeof emptyStats>, samples: Sample[] | null) {
  const until = Date.now() + ms;
  const load = Promise.all([
    steadyLoad(server.url, RATE, until, stats),
    streamChurn(server.url, until, stats),
  ]);
  if (samples) {
    for (let next = Date.now() + SAMPLE_SECONDS * 1000; next < until; next += SAMPLE_SECONDS * 1000) {
      await sleep(next - Date.now());
      samples.push(await sample());
    }
  }
  await load;
}

/** A quiet moment: the healthy subscriber caught up, dropped streams closed, then a sample. */
async function quiet(): Promise<Sample> {
  for (let wait = 0; wait < 120; wait += 1) {
    const now = await sample();
    if (now.healthyBacklog === 0 && wait >= 2) return now;
    await sleep(1_000);
  }
  return sample();
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

describe('the soak', () => {
  it(`holds flat for ${MINUTES} minutes of mixed load, stream churn and bad receivers`, async () => {
    const warmup = emptyStats();
    await run(WARMUP_MS, warmup, null);
    const baseline = await quiet();

    const stats = emptyStats();
    const samples: Sample[] = [baseline];
    const soakMs = MINUTES * 60_000 - WARMUP_MS;
    await run(soakMs, stats, samples);
    const end = await quiet();
    samples.push(end);

    const hours = (end.at - baseline.at) / 3600;
    const report = {
      minutes: round((end.at - baseline.at) / 60),
      requests: { sent: stats.sent, answered: stats.answered, ok: stats.ok, unexpected: stats.unexpected },
      latencyMs: {
        p50: round(percentile(stats.latenciesMs, 50)),
        p99: round(percentile(stats.latenciesMs, 99)),
      },
      streams: {
        opened: stats.streamsOpened,
        dropped: stats.streamsDropped,
        resetMidSetup: stats.resetsMidSetup,
      },
      webhookPosts: Object.fromEntries(
        Object.entries(receivers).map(([name, r]) => [name, r.received.length]),
      ),
      resources: {
        baseline: baseline.resources,
        end: end.resources,
        slopePerHour: round(slopePerHour(samples, (s) => s.resources)),
      },
      timeouts: {
        baseline: baseline.timeouts,
        end: end.timeouts,
        slopePerHour: round(slopePerHour(samples, (s) => s.timeouts)),
      },
      listeners: { baseline: baseline.listeners, end: end.listeners },
      heapMb: {
        baseline: round(baseline.heapMb),
        end: round(end.heapMb),
        slopeMbPerHour: round(slopePerHour(samples, (s) => s.heapMb)),
      },
      healthyBacklog: { max: Math.max(...samples.map((s) => s.healthyBacklog)), end: end.healthyBacklog },
      backlogsAtEnd: end.backlogs,
      backlogSlopesPerHour: Object.fromEntries(
        Object.keys(webhookIds).map((name) => [
          name,
          round(slopePerHour(samples, (s) => s.backlogs[name] ?? 0)),
        ]),
      ),
      poolOpen: { baseline: baseline.poolOpen, end: end.poolOpen },
      errorLogLines: (server.tail(100_000).match(/"level":(50|60)/g) ?? []).length,
    };
    console.log(
      `\nsoak report (${round(hours * 60)} min after warm-up)\n${JSON.stringify(report, null, 2)}\n`,
    );

    expect(report.requests.unexpected).toEqual({});
    expect(stats.answered).toBe(stats.sent);
    expect(report.errorLogLines).toBe(0);
    // Pool connections come and go with the load (each is a socket): they are not what leaks.
    const own = (at: Sample) => at.resources - at.poolOpen;
    expect(own(end) - own(baseline)).toBeLessThanOrEqual(bounds.resources);
    expect(end.timeouts - baseline.timeouts).toBeLessThanOrEqual(bounds.resources);
    expect(end.listeners - baseline.listeners).toBeLessThanOrEqual(bounds.listeners);
    expect(report.healthyBacklog.max).toBeLessThanOrEqual(bounds.healthyBacklog);
    expect(end.healthyBacklog).toBe(0);
    expect(end.heapMb - baseline.heapMb).toBeLessThanOrEqual(bounds.heapMb);
    // A slope over a few minutes is noise; from ten minutes on it is bounded too.
    const slopeBound = MINUTES >= 10 ? bounds.heapSlopeMbPerHour : Number.POSITIVE_INFINITY;
    expect(report.heapMb.slopeMbPerHour).toBeLessThanOrEqual(slopeBound);
    // The healthy receiver got every message meant for it, each under its stable id.
    const { db, close } = await database.verifier();
    try {
      const [row] = await db.query<{ n: string; undelivered: string }>(
        `select count(*) as n, count(*) filter (where delivered_at is null) as undelivered
         from webhook_deliveries where webhook_id = $1`,
        [webhookIds['healthy']],
      );
      expect(Number(row!.undelivered)).toBe(0);
      expect(receivers.healthy.accepted.size).toBe(Number(row!.n));
    } finally {
      await close();
    }
  });
});
