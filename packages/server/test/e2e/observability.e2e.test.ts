import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresWebhookStore } from '../../src/persistence/webhook-store.ts';
import { createChaosDatabase, type ChaosDatabase } from '../chaos/database.ts';
import { freePort, scratchDir, ServerProcess, sleep } from '../chaos/processes.ts';
import { transferInput } from '../chaos/workload.ts';
import { metric as sample } from '../soak/figures.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { bearer, REDIS_URL, uniqueName } from './support.ts';

/**
 * The real server as an operator runs it, with Prometheus scraping /metrics and an OpenTelemetry
 * exporter pointed at a collector (here a small OTLP/HTTP JSON endpoint in the test process).
 */
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let database: ChaosDatabase;
let server: ServerProcess;
let failing: WebhookReceiver;
let webhookId = '';
const scratch = scratchDir();

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string } }[];
}
const spans: OtlpSpan[] = [];
let collector: Server;

beforeAll(async () => {
  collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const resource of payload.resourceSpans) {
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((done) => collector.listen(0, '127.0.0.1', done));
  database = await createChaosDatabase('observe');
  failing = await WebhookReceiver.start(() => 500);
  const { db, close } = await database.verifier();
  webhookId = (
    await new PostgresWebhookStore(db).add({
      url: failing.url,
      secret: 'portal-webhook-secret-0123456789',
      topics: [],
    })
  ).id;
  await close();
  server = new ServerProcess(
    {
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      port: await freePort(),
      fromSource: true,
      extra: {
        BULLMQ_PREFIX: uniqueName('dfobs'),
        METRICS_TOKEN,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    },
    `${scratch.path}/server.log`,
  );
  await server.start();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await failing?.close();
  collector?.close();
  await database?.drop();
  scratch.dispose();
});

describe('what an operator watches', () => {
  it('serves Prometheus metrics behind its token and exports traces of requests and commands', async () => {
    const headers = { ...(await bearer('p-an')), 'content-type': 'application/json' };
    const started = await fetch(`${server.url}/instances`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ workflowId: 'member-transfer', input: transferInput }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const event = (type: string, as: Record<string, string>, expectedRevision: number) =>
      fetch(`${server.url}/instances/${id}/events`, {
        method: 'POST',
        headers: { ...as, 'content-type': 'application/json' },
        body: JSON.stringify({ type, expectedRevision }),
      });
    expect((await event('SUBMIT', headers, 1)).status).toBe(200);
    // The branch secretary may not withdraw the member's request: refused.
    expect((await event('WITHDRAW', await bearer('p-binh'), 2)).status).toBe(403);
    for (let wait = 0; wait < 100 && failing.received.length < 2; wait += 1) await sleep(50);

    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    const commands = (kind: string, outcome: string) =>
      sample(text, 'doanflow_commands_total', { kind, workflow: 'member-transfer', outcome });
    expect(commands('start', 'applied')).toBe(1);
    expect(commands('decision', 'applied')).toBe(1);
    expect(commands('decision', 'refused')).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/instances',
        status_code: '201',
      }),
    ).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/instances/:id/events',
        status_code: '403',
      }),
    ).toBe(1);
    expect(
      sample(text, 'doanflow_webhook_attempts_total', { webhook: webhookId, outcome: 'retrying' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'doanflow_webhook_backlog', { webhook: webhookId })).toBe(2);
    expect(sample(text, 'doanflow_outbox_not_handed_over')).toBe(0);
    expect(sample(text, 'doanflow_timers_overdue')).toBe(0);
    expect(sample(text, 'doanflow_timer_worker_up')).toBe(1);
    // Other servers' changes reach this one; its LISTEN connection has not been lost.
    expect(sample(text, 'doanflow_change_link_up')).toBe(1);
    expect(sample(text, 'doanflow_change_link_restores_total')).toBe(0);
    expect(sample(text, 'doanflow_wakeup_jobs', { state: 'delayed' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'doanflow_db_pool_connections', { state: 'max' })).toBe(10);
    expect(sample(text, 'doanflow_change_listeners')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# HELP doanflow_timer_lateness_seconds /m);
    // Node's own: a leak of timers or sockets shows in the resources by type.
    expect(sample(text, 'nodejs_active_resources', { type: 'TCPSocketWrap' })).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // Traces: the start's span sits under the request's, in the same trace.
    const seen = (name: string) => spans.some((span) => span.name === name);
    for (let wait = 0; wait < 100 && !(seen('doanflow.start') && seen('doanflow.webhook')); wait += 1) {
      await sleep(50);
    }
    const command = spans.find((span) => span.name === 'doanflow.start');
    expect(command).toBeDefined();
    const attribute = (span: OtlpSpan, key: string) =>
      span.attributes?.find((item) => item.key === key)?.value.stringValue;
    expect(attribute(command!, 'doanflow.workflow')).toBe('member-transfer');
    expect(attribute(command!, 'doanflow.outcome')).toBe('applied');
    const inTrace = spans.filter((span) => span.traceId === command!.traceId);
    const byId = new Map(inTrace.map((span) => [span.spanId, span]));
    const ancestors: string[] = [];
    for (let at = byId.get(command!.parentSpanId ?? ''); at; at = byId.get(at.parentSpanId ?? '')) {
      ancestors.push(at.name);
    }
    expect(ancestors.length).toBeGreaterThan(0);
    expect(
      inTrace.some(
        (span) => attribute(span, 'http.route') === '/instances' || span.name.includes('/instances'),
      ),
    ).toBe(true);
    expect(spans.some((span) => span.name === 'doanflow.webhook')).toBe(true);
    // Probes are not traced.
    await fetch(`${server.url}/ready`);
    await sleep(300);
    expect(
      spans.some((span) => span.name.includes('/ready') || attribute(span, 'http.route') === '/ready'),
    ).toBe(false);
  }, 120_000);
});
