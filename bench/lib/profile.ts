import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR } from './env.ts';
import { cpuSnapshot } from './cpu.ts';
import { fmt, log } from './stats.ts';

/**
 * The server's CPU by phase: a V8 CPU profile of one load level, taken over the inspector protocol
 * (the server runs with `--inspect=127.0.0.1:<port>`; nothing in the server knows about it), and its
 * samples charged to phases by the code they were in.
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  /** Monotonic µs (CLOCK_MONOTONIC, as process.hrtime in any process). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const PHASES = [
  'HTTP (Fastify, routing, Node sockets)',
  'validation (zod, body parsing)',
  'auth (JWT, principal)',
  'engine (XState, workflow rules)',
  'runner (step rows, views, visibility)',
  'SQL (pg driver, statements, JSON params)',
  'serialisation (response JSON)',
  'document rendering (the referral PDF at ISSUE_REFERRAL)',
  'socket I/O (reads and writes, HTTP and PostgreSQL alike)',
  'after commit: wake-ups (BullMQ/Redis), notifier, webhooks, SSE',
  'garbage collection',
  'native (V8 and libuv, not attributed)',
  'other',
] as const;
export type Phase = (typeof PHASES)[number];

/** The phase of a frame by its script (and function), or null when it says nothing (natives, Node internals). */
export function phaseOfFrame(frame: ProfileNode['callFrame']): Phase | null {
  const { url, functionName: fn } = frame;
  if (fn === '(garbage collector)' || fn === 'custom_gc') return 'garbage collection';
  if (fn === '(program)') return 'native (V8 and libuv, not attributed)';
  if (!url && /^(writev|writeBuffer|writeUtf8String|writeLatin1String|read|close|shutdown)$/.test(fn))
    return 'socket I/O (reads and writes, HTTP and PostgreSQL alike)';
  if (!url) return null;
  // Called from libuv for either kind of socket: its own time is the read; what it calls is charged below.
  if (/node:internal\/stream_base_commons/.test(url))
    return 'socket I/O (reads and writes, HTTP and PostgreSQL alike)';
  // The zod type provider's two closures: the request validator (line ~104) and the response
  // serialiser (~116, a zod parse of the whole response then JSON.stringify). zod itself is charged
  // to whoever called it (the route's validator, the serialiser, or the engine's input schemas).
  if (/fastify-type-provider-zod\/.*core\.js/.test(url))
    return frame.lineNumber >= 112 ? 'serialisation (response JSON)' : 'validation (zod, body parsing)';
  if (/\/zod[@/]/.test(url)) return null;
  if (
    /issued-documents\/|typst|documents\/|pdfkit|pdf-lib|fontkit|qrcode|@pdf-lib|linebreak|restructure/.test(
      url,
    )
  )
    return 'document rendering (the referral PDF at ISSUE_REFERRAL)';
  if (
    /ioredis|bullmq|msgpackr|cluster-key-slot|server\/(?:src|dist)\/(timers|notifications|webhooks)\/|change-hub|link-delivery/.test(
      url,
    )
  )
    return 'after commit: wake-ups (BullMQ/Redis), notifier, webhooks, SSE';
  if (/fast-json-stringify|fastify\/lib\/error-serializer/.test(url)) return 'serialisation (response JSON)';
  if (
    /node_modules\/(\.pnpm\/)?(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+)@?|\/db\/|step-writer|idempotency\.[jt]s/.test(
      url,
    )
  )
    return 'SQL (pg driver, statements, JSON params)';
  if (/content-type-parser|secure-json-parse|\/validation|hostile|lone-surrogate/.test(url))
    return 'validation (zod, body parsing)';
  if (/\/jose[@/]|plugins\/(auth|token-verifier)\.[jt]s/.test(url)) return 'auth (JWT, principal)';
  if (/\/xstate[@/]|packages\/engine\//.test(url)) return 'engine (XState, workflow rules)';
  if (/packages\/server\/(?:src|dist)\/runner\//.test(url)) return 'runner (step rows, views, visibility)';
  if (
    /fastify|find-my-way|avvio|light-my-request|@fastify|packages\/server\/(?:src|dist)\/(plugins|routes|app)|node:(http|_http|net|stream|internal\/(http|streams|stream_base))/.test(
      url,
    )
  )
    return 'HTTP (Fastify, routing, Node sockets)';
  return null;
}

/** CPU milliseconds by phase: each sample goes to the innermost frame on its stack that names one. */
export function phasesOf(profile: Profile): { byPhase: Record<Phase, number>; totalMs: number } {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const memo = new Map<number, Phase | 'idle'>();
  const phaseOf = (id: number): Phase | 'idle' => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    let phase: Phase | 'idle';
    if (node.callFrame.functionName === '(idle)') phase = 'idle';
    else {
      const own = phaseOfFrame(node.callFrame);
      const up = parent.get(id);
      phase = own ?? (up === undefined ? 'other' : phaseOf(up));
      if (phase === 'idle') phase = 'other';
    }
    memo.set(id, phase);
    return phase;
  };
  const byPhase = Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>;
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const phase = phaseOf(id);
    if (phase === 'idle') return;
    byPhase[phase] += ms;
    totalMs += ms;
  });
  return { byPhase, totalMs };
}

/** A WebSocket to the server's main thread, through its inspector port (loopback). */
export async function openInspector(inspectPort: number): Promise<WebSocket> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  return socket;
}

/** A profiling session on the server's inspector port. */
export async function startProfile(inspectPort: number): Promise<() => Promise<Profile>> {
  const socket = await openInspector(inspectPort);
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<any>((resolve) => {
      const id = (next += 1);
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 250 });
  await send('Profiler.start');
  return async () => {
    const { profile } = (await send('Profiler.stop')) as { profile: Profile };
    socket.close();
    return profile;
  };
}

export interface PhaseFigures {
  /** What the level sent: decisions, or instance starts. */
  kind?: 'decision' | 'start';
  decisions: number;
  perSecond: number;
  /** The server process's CPU (all its threads, /proc) per decision, ms: what the profile divides. */
  serverCpuMs: number;
  /** Its render processes' CPU per decision, ms (Typst; outside the main thread's profile). */
  renderCpuMs?: number;
  /** Main-thread CPU by phase per decision, ms (from the profile). */
  byPhase: Record<Phase, number>;
  profiledMs: number;
}

export function savePhases(profile: Profile, decisions: number, label: string) {
  mkdirSync(join(OUT_DIR, 'cpu'), { recursive: true });
  writeFileSync(join(OUT_DIR, 'cpu', `${label}.cpuprofile`), JSON.stringify(profile));
  const { byPhase, totalMs } = phasesOf(profile);
  const per = Object.fromEntries(
    Object.entries(byPhase).map(([phase, ms]) => [phase, ms / Math.max(decisions, 1)]),
  ) as Record<Phase, number>;
  return { byPhase: per, profiledMs: totalMs / Math.max(decisions, 1) };
}

export function phasesSection(p: PhaseFigures): string[] {
  // The profile's samples are wall-clock slices of the main thread while it was not idle: on a busy
  // machine they include time the thread waited for a core. Shares come from the profile; the ms are
  // those shares of the CPU the kernel counted for the server over the same level.
  const ms = (phase: Phase) => (p.serverCpuMs * p.byPhase[phase]) / p.profiledMs;
  const noun = p.kind ?? 'decision';
  const rows = PHASES.map(
    (phase) => `| ${phase} | ${fmt((100 * p.byPhase[phase]) / p.profiledMs, 1)}% | ${fmt(ms(phase), 3)} |`,
  );
  return [
    `## CPU per ${noun} by phase`,
    '',
    `A V8 CPU profile of the server's main thread (inspector protocol, 250 µs sampling) over one extra level of ${noun}s at 16 clients: ${Math.round(p.decisions)} ${noun}s, ${Math.round(p.perSecond)}/s while profiled. Each sample is charged to the innermost frame that names a phase (native and Node-internal frames go to their caller's). The server process used ${fmt(p.serverCpuMs, 3)} ms of CPU per ${noun} over that level (/proc, all its threads; its render processes apart); the ms column divides that by the profile's shares. The samples are wall-clock slices of the main thread while not idle: with both cores busy, time the thread waited for a core is charged to the frame it waited in — most often a write to PostgreSQL's socket, which wakes a backend — so the socket I/O row can be overstated and the others understated. The profiler slows the server by roughly a tenth.`,
    '',
    `| phase | share of the main thread | ≈ CPU ms per ${noun} |`,
    '|---|---:|---:|',
    ...rows,
    `| render processes (Typst, outside this profile) | – | ${fmt(p.renderCpuMs ?? 0, 3)} |`,
    `| **total** | 100% of the main thread | **${fmt(p.serverCpuMs + (p.renderCpuMs ?? 0), 3)}** |`,
    '',
  ];
}

/**
 * A V8 heap snapshot of the server's main thread (inspector protocol; it collects garbage first and
 * pauses the server for seconds), written to `file`: what holds the heap, for DevTools or memlab.
 */
export async function saveHeapSnapshot(inspectPort: number, file: string): Promise<void> {
  const socket = await openInspector(inspectPort);
  const chunks: string[] = [];
  const done = new Promise<void>((resolve) =>
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        method?: string;
        params?: { chunk: string };
      };
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params!.chunk);
      if (message.id === 1) resolve();
    }),
  );
  socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.takeHeapSnapshot', params: {} }));
  await done;
  socket.close();
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, chunks.join(''));
}

/**
 * One level run under the CPU profiler: the main thread's phases per request, with the server
 * process's CPU and its render processes' apart (/proc), the profile saved as `label`.
 */
export async function profiledLevel(
  inspectPort: number,
  serverPid: number | undefined,
  kind: 'start' | 'decision',
  label: string,
  run: () => Promise<{ ok: number; perSecond: number }>,
): Promise<PhaseFigures> {
  const before = cpuSnapshot(serverPid);
  const stop = await startProfile(inspectPort);
  const level = await run();
  const profile = await stop();
  const after = cpuSnapshot(serverPid);
  const render = (after['render processes'] ?? 0) - (before['render processes'] ?? 0);
  const server = after['server']! - before['server']! - render;
  const per = (seconds: number) => (1000 * seconds) / Math.max(level.ok, 1);
  const figures: PhaseFigures = {
    kind,
    decisions: level.ok,
    perSecond: level.perSecond,
    serverCpuMs: per(server),
    renderCpuMs: per(render),
    ...savePhases(profile, level.ok, label),
  };
  log(
    `profiled ${kind}s at 16 clients: ${level.perSecond.toFixed(0)}/s, ${figures.serverCpuMs.toFixed(2)} ms server CPU per ${kind} + ${(figures.renderCpuMs ?? 0).toFixed(2)} in render processes (${figures.profiledMs.toFixed(2)} ms on the main thread)`,
  );
  return figures;
}
