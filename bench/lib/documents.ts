import { DocumentRenderer } from '../../packages/server/src/issued-documents/render.ts';
import { sampleDecision } from '../../packages/server/test/support/sample-document.ts';
import { call, transferInput, walk, type Client } from './http-load.ts';
import type { ServerProcess } from './server.ts';
import { Latencies, fmt, log } from './stats.ts';

/** Documents rendered in the bench's own process, then referrals issued through the server. */
const RENDERS = Number(process.env['BENCH_DOCUMENTS'] ?? 400);
const REFERRALS = Number(process.env['BENCH_REFERRALS'] ?? 96);

type Summary = { n: number; p50: number; p99: number; max: number; perSecond: number };

export interface DocumentFigures {
  /** DocumentRenderer.render alone (Typst), one after another, in the bench process. */
  render: Summary & { rssMiB: number };
  /** ISSUE_REFERRAL over HTTP (serial, render, store, hash, commit) against CONFIRM (no document). */
  http: { clients: number; issue: Summary; confirmP50: number; loop: LoopFigures }[];
  /** The server's RSS sampled every 50 ms while it issued documents. */
  serverRssMiB: { before: number; peak: number };
}

/** How free the server's event loop stayed while it issued documents. */
export interface LoopFigures {
  /** GET /health sent every 20 ms while issuing: its latency. */
  probe: { p50: number; p99: number; max: number };
  /** The server's own event-loop delay over the phase (prom-client's histogram, reset by the first read). */
  lagP99: number;
  lagMax: number;
}

/** The server's event-loop delay since the last read of /metrics, in ms. */
async function eventLoopLag(base: string): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) =>
    1000 * Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
}

/** A decision of one or two pages whose list has 1–40 names, each with its own number. */
function sample(index: number) {
  const rows = Array.from({ length: 1 + (index % 40) }, (_, row) => [
    String(row + 1),
    `Chi đoàn thôn ${row + 1}, Đoàn xã Trà Đốc`,
    'Giấy khen tập thể xuất sắc',
  ]);
  return { ...sampleDecision, number: `${index + 1}-QĐ/TĐTN-VP`, annex: { ...sampleDecision.annex!, rows } };
}

const summary = (times: Latencies, seconds: number): Summary => {
  const s = times.summary();
  return { n: s.n, p50: s.p50, p99: s.p99, max: s.max, perSecond: s.n / seconds };
};

/**
 * The next macrotask. Typst's compiled documents are freed by finalizers that Node runs between
 * tasks, not between microtasks: rendered back to back in one task, every document stayed alive
 * until the loop ended (the bench's RSS read 991 MiB, and each render touched fresh memory). A
 * render process gets each document in a message of its own, so it never piles them up.
 */
const nextTask = () => new Promise((resolve) => setImmediate(resolve));

async function renderAlone(): Promise<DocumentFigures['render']> {
  const renderer = new DocumentRenderer();
  for (let i = 0; i < 20; i += 1) {
    await renderer.render(sample(i)); // warm-up: fonts, Typst's caches
    await nextTask();
  }
  const times = new Latencies(RENDERS);
  let rss = 0;
  const began = performance.now();
  for (let i = 0; i < RENDERS; i += 1) {
    const start = performance.now();
    await renderer.render(sample(1000 + i));
    times.add(performance.now() - start);
    await nextTask();
    if (i % 20 === 0) rss = Math.max(rss, process.memoryUsage().rss / 1024 / 1024);
  }
  return { ...summary(times, (performance.now() - began) / 1000), rssMiB: rss };
}

/** Transfers walked to the source base's step, ready for ISSUE_REFERRAL; CONFIRM timed on the way. */
async function prepare(client: Client, count: number, confirms: Latencies): Promise<string[]> {
  const [submit, confirm] = walk();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = await call(client, 'POST', '/instances', 'p-an', {
      workflowId: 'member-transfer',
      input: transferInput,
    });
    const id = started.json.id as string;
    // A decision names the revision it was taken on (428 without it): started at 1, submitted at 2.
    await call(client, 'POST', `/instances/${id}/events`, submit!.person, {
      ...submit!.body,
      expectedRevision: 1,
    });
    const start = performance.now();
    const confirmed = await call(client, 'POST', `/instances/${id}/events`, confirm!.person, {
      ...confirm!.body,
      expectedRevision: 2,
    });
    confirms.add(performance.now() - start);
    if (confirmed.status !== 200)
      throw new Error(`CONFIRM: ${confirmed.status} ${JSON.stringify(confirmed.json)}`);
    ids.push(id);
  }
  return ids;
}

async function issueAll(client: Client, ids: string[], clients: number, server: ServerProcess) {
  const issue = walk()[2]!;
  const times = new Latencies(ids.length);
  let next = 0;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, server.memory().total)), 50);
  await eventLoopLag(server.base); // resets the server's histogram: what follows is this phase's
  const probes = new Latencies(4096);
  const phase = { issuing: true };
  const probing = (async () => {
    while (phase.issuing) {
      const start = performance.now();
      await (await fetch(`${server.base}/health`)).arrayBuffer();
      probes.add(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const began = performance.now();
  const worker = async () => {
    for (let index = next++; index < ids.length; index = next++) {
      const start = performance.now();
      const answer = await call(client, 'POST', `/instances/${ids[index]}/events`, issue.person, {
        ...issue.body,
        expectedRevision: 3,
      });
      if (answer.status !== 200)
        throw new Error(`ISSUE_REFERRAL: ${answer.status} ${JSON.stringify(answer.json)}`);
      times.add(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = (performance.now() - began) / 1000;
  phase.issuing = false;
  await probing;
  clearInterval(sampler);
  const lag = await eventLoopLag(server.base);
  const probe = probes.summary();
  const loop = {
    probe: { p50: probe.p50, p99: probe.p99, max: probe.max },
    lagP99: lag.p99,
    lagMax: lag.max,
  };
  return { issue: summary(times, seconds), peak, loop };
}

export async function measureDocuments(client: Client, server: ServerProcess): Promise<DocumentFigures> {
  const render = await renderAlone();
  log(
    `documents rendered alone: ${fmt(render.perSecond)}/s, p50 ${fmt(render.p50)} ms, p99 ${fmt(render.p99)} ms (bench RSS ${fmt(render.rssMiB, 0)} MiB)`,
  );
  const before = server.memory().total;
  let peak = before;
  const http: DocumentFigures['http'] = [];
  for (const clients of [1, 4]) {
    const confirms = new Latencies(REFERRALS);
    const ids = await prepare(client, REFERRALS, confirms);
    const level = await issueAll(client, ids, clients, server);
    peak = Math.max(peak, level.peak);
    http.push({ clients, issue: level.issue, confirmP50: confirms.summary().p50, loop: level.loop });
    log(
      `ISSUE_REFERRAL over HTTP, ${clients} client(s): ${fmt(level.issue.perSecond)}/s, p50 ${fmt(level.issue.p50)} ms, p99 ${fmt(level.issue.p99)} ms (CONFIRM p50 ${fmt(confirms.summary().p50)} ms); meanwhile GET /health p50 ${fmt(level.loop.probe.p50)} ms, p99 ${fmt(level.loop.probe.p99)} ms, max ${fmt(level.loop.probe.max)} ms; server event-loop delay p99 ${fmt(level.loop.lagP99)} ms, max ${fmt(level.loop.lagMax)} ms`,
    );
  }
  return { render, http, serverRssMiB: { before, peak } };
}

export function documentsSection(d: DocumentFigures): string[] {
  const r = d.render;
  return [
    '## Documents out (official documents)',
    '',
    `Rendering alone (\`DocumentRenderer\`, Typst's compiler, Tinos embedded, QR code; a decision with a list of 1–40 names, one or two pages), ${r.n} documents one after another in the bench process: **${fmt(r.perSecond)} documents/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms** (max ${fmt(r.max)} ms; target ≤ 50 ms at p50: ${r.p50 <= 50 ? '**met**' : '**missed**'}); the bench process's RSS while rendering ${fmt(r.rssMiB, 0)} MiB.`,
    '',
    'Through the server: `ISSUE_REFERRAL` of member transfers (the serial drawn from the register, the giấy giới thiệu rendered, its PDF stored in PostgreSQL, its digest hashed into the history, one transaction), against `CONFIRM` of the same instances (a decision that issues nothing).',
    '',
    "Meanwhile the bench sent `GET /health` every 20 ms (its latency shows how long the event loop was held) and read the server's own event-loop delay (prom-client, over the phase).",
    '',
    '| clients | referrals/s | p50 ms | p99 ms | CONFIRM p50 ms | /health p50 / p99 / max ms | event-loop delay p99 / max ms |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...d.http.map(
      (level) =>
        `| ${level.clients} | ${fmt(level.issue.perSecond)} | ${fmt(level.issue.p50)} | ${fmt(level.issue.p99)} | ${fmt(level.confirmP50)} | ${fmt(level.loop.probe.p50)} / ${fmt(level.loop.probe.p99)} / ${fmt(level.loop.probe.max)} | ${fmt(level.loop.lagP99)} / ${fmt(level.loop.lagMax)} |`,
    ),
    '',
    `Server RSS with its render processes: ${fmt(d.serverRssMiB.before, 0)} MiB before, ${fmt(d.serverRssMiB.peak, 0)} MiB at most while issuing (sampled every 50 ms).`,
    '',
  ];
}
