/**
 * What the server's GET /inbox traffic promotes: the server on a kept bench database (BENCH_KEEP_DB=1
 * run before), sequential inbox requests of the bench's four officers and three queries, with V8's
 * sampling heap profiler over them. Mode "promoted" keeps the samples a major GC later freed and drops
 * those a scavenge freed: what survived a scavenge (still live or died in the old space). Mode "live"
 * keeps only what is still live at the end. `--trace-gc` counts the collections meanwhile.
 *
 *   pnpm --filter @doanflow/server exec tsx ../../bench/lib/inbox-gc-probe.ts [promoted|live|none] [requests]
 *   PROBE_SERVER_DIR=/other/packages/server: that checkout's server.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR } from './env.ts';
import { call, type Client } from './http-load.ts';
import { benchServerEnv, freePort, mintTokens, serverNodeFlags, ServerProcess } from './server.ts';
import { cleanRedis } from './setup.ts';
import { waitForSettled } from './cpu.ts';
import { openInspector, saveHeapSnapshot } from './profile.ts';
import { Latencies, log } from './stats.ts';

const mode = (process.argv[2] ?? 'promoted') as 'promoted' | 'live' | 'all' | 'none' | 'snapshot';
const requests = Number(process.argv[3] ?? 1200);

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  id: number;
  children: HeapNode[];
}

async function inspector(port: number) {
  const socket = await openInspector(port);
  let next = 0;
  const pending = new Map<number, (result: any) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.error ?? message.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<any>((resolve) => {
      const id = (next += 1);
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close() };
}

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\/\.pnpm\/([^/]+)\/node_modules\//, '$1:')
    .replace(/.*\/packages\//, '');
const frameName = (f: HeapNode['callFrame']) =>
  `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;

function report(head: HeapNode, requestsTimed: number): string[] {
  const bySelf = new Map<string, number>();
  const byStack = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, path: string[]) => {
    const here = [...path, frameName(node.callFrame)];
    if (node.selfSize > 0) {
      total += node.selfSize;
      const self = frameName(node.callFrame);
      bySelf.set(self, (bySelf.get(self) ?? 0) + node.selfSize);
      // The innermost 8 frames, for where it comes from.
      const stack = here.slice(-8).reverse().join('\n      < ');
      byStack.set(stack, (byStack.get(stack) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(head, []);
  const kb = (bytes: number) =>
    `${(bytes / 1024).toFixed(0)} KB (${(bytes / requestsTimed).toFixed(0)} B/req)`;
  const lines = [`total sampled ${kb(total)} over ${requestsTimed} requests`, '', 'by allocating frame:'];
  for (const [name, size] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 40))
    lines.push(`  ${kb(size).padEnd(28)} ${name}`);
  lines.push('', 'by stack (innermost first):');
  for (const [stack, size] of [...byStack].sort((a, b) => b[1] - a[1]).slice(0, 40))
    lines.push(`  ${kb(size)}\n      ${stack}`);
  return lines;
}

async function main() {
  const secret = 'gc-probe-secret-gc-probe-secret-0123456789';
  const inspectPort = await freePort();
  const logName = `gc-probe-${mode}.log`;
  const logPath = join(OUT_DIR, logName);
  writeFileSync(logPath, '');
  const server = await ServerProcess.start(
    {
      ...benchServerEnv(secret),
      // PROBE_ENV="NAME=value …": more variables for the server.
      ...Object.fromEntries(
        (process.env['PROBE_ENV'] ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      ),
    },
    {
      inspectPort,
      logName,
      nodeFlags: [
        ...serverNodeFlags(),
        '--trace-gc',
        '--expose-gc',
        ...(process.env['PROBE_NODE_FLAGS'] ?? '').split(/\s+/).filter(Boolean),
      ],
      serverDir: process.env['PROBE_SERVER_DIR'],
    },
  );
  try {
    const people = ['o-1', 'o-14', 'p-ha', 'p-nga'];
    const client: Client = { base: server.base, tokens: await mintTokens(secret, people) };
    const queries = [
      'limit=20',
      `search=${encodeURIComponent('bi thu')}&limit=20`,
      `search=${encodeURIComponent('nguyen van')}&limit=20`,
    ];
    const settled = await waitForSettled(server.child?.pid);
    log(`settled after ${settled.toFixed(0)} s`);
    const once = async (i: number) => {
      const person = people[Math.floor(i / 25) % people.length]!;
      const query = queries[Math.floor(i / 100) % queries.length]!;
      const answer = await call(client, 'GET', `/inbox?${query}`, person);
      if (answer.status !== 200) throw new Error(`inbox ${answer.status}`);
    };
    for (let i = 0; i < 300; i += 1) await once(i); // warm-up
    const session = await inspector(inspectPort);
    await session.send('HeapProfiler.enable');
    if (mode === 'snapshot') {
      // Snapshots in the middle of the traffic: what holds per-request objects then (each collects first).
      const state = { stop: false };
      const traffic = (async () => {
        for (let i = 0; !state.stop; i += 1) await once(i);
      })();
      for (const n of [1, 2]) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await saveHeapSnapshot(inspectPort, join(OUT_DIR, `gc-probe-${n}.heapsnapshot`));
        log(`snapshot ${n} saved`);
      }
      state.stop = true;
      await traffic;
      return;
    }
    if (mode !== 'none')
      await session.send('HeapProfiler.startSampling', {
        samplingInterval: 512,
        includeObjectsCollectedByMajorGC: mode === 'promoted' || mode === 'all',
        includeObjectsCollectedByMinorGC: mode === 'all',
      });
    const gcFrom = statSync(logPath).size;
    const latencies = new Latencies(requests);
    const t0 = performance.now();
    for (let i = 0; i < requests; i += 1) {
      const start = performance.now();
      await once(i);
      latencies.add(performance.now() - start);
    }
    const seconds = (performance.now() - t0) / 1000;
    const gcText = readFileSync(logPath, 'utf8').slice(gcFrom);
    const count = (kind: string) => gcText.split('\n').filter((line) => line.includes(`: ${kind}`)).length;
    const s = latencies.summary();
    // With --trace-gc-nvp: bytes promoted by the scavenges meanwhile.
    const nvp = [...gcText.matchAll(/gc=s .*? promoted=(\d+) .*?new_space_survived=(\d+)/g)];
    const promoted = nvp.reduce((sum, m) => sum + Number(m[1]), 0);
    const lines = [
      `mode ${mode}, ${requests} requests in ${seconds.toFixed(1)} s, p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(2)} ms`,
      `nvp: ${nvp.length} scavenges promoted ${(promoted / 1024).toFixed(0)} KB, ${(promoted / requests).toFixed(0)} B/req, ${(promoted / Math.max(nvp.length, 1) / 1024).toFixed(0)} KB/scavenge`,
      `GC meanwhile: ${count('Scavenge')} scavenges, ${count('Mark-Compact')} mark-compacts (${count('Mark-Compact (reduce)')} reduce), minor-MS ${count('Minor Mark-Sweep')}`,
    ];
    if (mode !== 'none') {
      // Two scavenges first (the server runs with --expose-gc): what is still young and dead then goes
      // as a minor GC's, not counted as the stop's full collection's.
      for (const _ of [1, 2])
        await session.send('Runtime.evaluate', { expression: "globalThis.gc?.({ type: 'minor' })" });
      const { profile } = (await session.send('HeapProfiler.stopSampling')) as {
        profile: { head: HeapNode };
      };
      writeFileSync(join(OUT_DIR, `gc-probe-${mode}.heapprofile`), JSON.stringify(profile));
      lines.push(...report(profile.head, requests));
    }
    session.close();
    const text = lines.join('\n');
    writeFileSync(join(OUT_DIR, `gc-probe-${mode}.txt`), text);
    console.log(text);
    console.log(
      gcText
        .split('\n')
        .filter((l) => l.includes('Mark-Compact'))
        .join('\n'),
    );
  } finally {
    await server.stop();
    await cleanRedis().catch(() => {});
  }
}

await main();
