import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { phaseOfFrame, startProfile, type Profile, type ProfileNode } from './profile.ts';
import { cpuShare, cpuSnapshot, formatShare } from './cpu.ts';
import { log, monotonicMicros } from './stats.ts';

/**
 * Where the slow `GET /inbox` requests' time went: the server's main thread under the CPU profiler
 * while the bench times requests, each request's [start, end] (monotonic µs, the profile's clock)
 * laid over the profile's samples, the bench's own /metrics reads and the bench process's GCs.
 */

/** A timed request: monotonic µs, and the probe's counters' growth meanwhile (ms by name). */
export interface Span {
  start: number;
  end: number;
  counters: Record<string, number>;
}

/** A thread's time on a core and waiting for one (runnable, not running), ms so far (/proc schedstat, ns). */
function schedstat(pid: number, tid = pid): [number, number] {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
    return [Number(run) / 1e6, Number(wait) / 1e6];
  } catch {
    return [0, 0];
  }
}

/** Counters read around each request: main threads' run-queue waits, the server's PostgreSQL backends' CPU and waits. */
export type Probe = () => Record<string, number>;

export function threadProbe(serverPid: number | undefined, backendPids: number[]): Probe {
  return () => {
    const backends = backendPids.map((pid) => schedstat(pid));
    return {
      'server thread waiting for a core': serverPid === undefined ? 0 : schedstat(serverPid)[1],
      'bench thread waiting for a core': schedstat(process.pid)[1],
      'PostgreSQL backends on a core': backends.reduce((sum, [run]) => sum + run, 0),
      'PostgreSQL backends waiting for a core': backends.reduce((sum, [, wait]) => sum + wait, 0),
    };
  };
}

export const spanOf = (
  start: number,
  end: number,
  before: Record<string, number>,
  after: Record<string, number>,
): Span => ({
  start,
  end,
  counters: Object.fromEntries(
    Object.entries(after).map(([name, value]) => [name, value - (before[name] ?? 0)]),
  ),
});

/** What the main thread was doing, by the stack's innermost frame that names it. */
const ACTIVITIES: [string, RegExp][] = [
  ['GC', /^\(garbage collector\)$/],
  ['metrics scrape (prom-client, gauges)', /prom-client|metrics\/server-metrics|plugins\/metrics/],
  ['timers (sweep, reconciler, wake-ups)', /server\/(?:src|dist)\/timers\/|bullmq/],
  ['housekeeping', /runner\/housekeeping|reports\/fold/],
  ['outbox readers (notifications, webhooks)', /server\/(?:src|dist)\/(notifications|webhooks)\//],
  ['inbox (route, runner)', /routes\/inbox|runner\/inbox/],
];

function activityOf(node: ProfileNode, parent: Map<number, ProfileNode>): string {
  for (let at: ProfileNode | undefined = node; at; at = parent.get(at.id)) {
    const key = `${at.callFrame.functionName === '(garbage collector)' ? at.callFrame.functionName : at.callFrame.url}`;
    for (const [name, pattern] of ACTIVITIES) if (pattern.test(key)) return name;
  }
  if (node.callFrame.functionName === '(idle)') return 'idle (waiting: PostgreSQL, the socket)';
  for (let at: ProfileNode | undefined = node; at; at = parent.get(at.id)) {
    const phase = phaseOfFrame(at.callFrame);
    if (phase) return phase;
  }
  return 'other';
}

export interface SpanReport {
  /** Requests over the threshold, of all. */
  slow: number;
  all: number;
  thresholdMs: number;
  /** Slow requests that overlapped one of the bench's own /metrics reads, and all requests that did. */
  slowWithScrape: number;
  allWithScrape: number;
  /** Slow requests during which the bench process collected garbage. */
  slowWithClientGc: number;
  /** The server's main thread during the slow requests, ms by activity (summed), and during the others (mean per request). */
  slowActivities: Record<string, number>;
  otherActivities: Record<string, number>;
  /** Cores busy over the trace by process group ("other": the rest of the machine). */
  cores?: Record<string, number>;
  /** The bench's /metrics reads during the trace, ms. */
  scrapeMs?: { n: number; mean: number; max: number };
  /** The slowest requests, each with its main thread's activities. */
  worst: { ms: number; scrape: boolean; clientGc: boolean; activities: Record<string, number> }[];
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

/** Runs `timing` (which fills `spans`) with the server's profiler on, and lays the spans over it. */
export async function traceSpans(
  inspectPort: number,
  serverPid: number | undefined,
  scrapes: () => [number, number][],
  timing: (spans: Span[]) => Promise<unknown>,
): Promise<SpanReport> {
  const cpuBefore = cpuSnapshot(serverPid);
  const began = monotonicMicros();
  const clientGcs: [number, number][] = [];
  const origin = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const start = origin + entry.startTime * 1000;
      clientGcs.push([start, start + entry.duration * 1000]);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const spans: Span[] = [];
  const stop = await startProfile(inspectPort);
  const done = await timing(spans).then(
    () => null,
    (error: unknown) => error,
  );
  const profile = await stop();
  observer.disconnect();
  if (done) throw done;
  const report = laySpans(profile, spans, scrapes(), clientGcs);
  report.cores = cpuShare(cpuBefore, cpuSnapshot(serverPid), (monotonicMicros() - began) / 1e6);
  const during = scrapes()
    .filter(([start]) => start >= began)
    .map(([start, end]) => (end - start) / 1000);
  report.scrapeMs = {
    n: during.length,
    mean: during.reduce((a, b) => a + b, 0) / (during.length || 1),
    max: Math.max(0, ...during),
  };
  return report;
}

export function laySpans(
  profile: Profile,
  spans: Span[],
  scrapes: [number, number][],
  clientGcs: [number, number][],
): SpanReport {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  // Each sample's time (µs) and activity; sample i covers the delta before it.
  const times: number[] = [];
  const activity: string[] = [];
  const memo = new Map<number, string>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    times.push(t);
    let name = memo.get(id);
    if (name === undefined) memo.set(id, (name = activityOf(byId.get(id)!, parent)));
    activity.push(name);
  });
  const within = ({ start, end }: Span) => {
    const ms: Record<string, number> = {};
    // Binary search for the first sample after start.
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    // Sample i covers (times[i - 1], times[i]].
    for (let i = lo; i < times.length && (i === 0 || times[i - 1]! < end); i += 1) {
      const from = Math.max(start, i > 0 ? times[i - 1]! : profile.startTime);
      const to = Math.min(end, times[i]!);
      if (to > from) ms[activity[i]!] = (ms[activity[i]!] ?? 0) + (to - from) / 1000;
    }
    return ms;
  };
  const durations = spans.map(({ start, end }) => (end - start) / 1000);
  const sorted = [...durations].sort((a, b) => a - b);
  const p99 = sorted[Math.floor(0.99 * sorted.length)] ?? Infinity;
  const thresholdMs = Math.min(p99, 10);
  const add = (into: Record<string, number>, from: Record<string, number>, scale = 1) => {
    for (const [key, ms] of Object.entries(from)) into[key] = (into[key] ?? 0) + ms * scale;
  };
  const report: SpanReport = {
    slow: 0,
    all: spans.length,
    thresholdMs,
    slowWithScrape: 0,
    allWithScrape: 0,
    slowWithClientGc: 0,
    slowActivities: {},
    otherActivities: {},
    worst: [],
  };
  const others = spans.filter((_, i) => durations[i]! < thresholdMs).length;
  const detailed: SpanReport['worst'] = [];
  spans.forEach((span, i) => {
    const scrape = scrapes.some((s) => overlaps(s, [span.start, span.end]));
    const clientGc = clientGcs.some((g) => overlaps(g, [span.start, span.end]));
    if (scrape) report.allWithScrape += 1;
    const activities = within(span);
    for (const [name, ms] of Object.entries(span.counters)) if (ms > 0) activities[name] = ms;
    if (durations[i]! >= thresholdMs) {
      report.slow += 1;
      if (scrape) report.slowWithScrape += 1;
      if (clientGc) report.slowWithClientGc += 1;
      add(report.slowActivities, activities);
      detailed.push({ ms: durations[i]!, scrape, clientGc, activities });
    } else add(report.otherActivities, activities, 1 / Math.max(others, 1));
  });
  report.worst = detailed.sort((a, b) => b.ms - a.ms).slice(0, 8);
  return report;
}

const line = (ms: Record<string, number>) =>
  Object.entries(ms)
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => v >= 0.05)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');

export function logSpanReport(label: string, r: SpanReport): void {
  log(
    `trace ${label}: ${r.slow} of ${r.all} requests ≥ ${r.thresholdMs.toFixed(1)} ms; ${r.slowWithScrape} of them overlap a bench /metrics read (${r.allWithScrape} of all do), ${r.slowWithClientGc} a GC in the bench process`,
  );
  log(
    `  cores busy: ${formatShare(r.cores)}; bench /metrics reads: ${r.scrapeMs?.n}, mean ${r.scrapeMs?.mean.toFixed(1)} ms, max ${r.scrapeMs?.max.toFixed(1)} ms`,
  );
  log(`  server main thread during the slow ones (ms summed): ${line(r.slowActivities)}`);
  log(`  during the others (ms per request): ${line(r.otherActivities)}`);
  for (const w of r.worst)
    log(
      `  ${w.ms.toFixed(1)} ms${w.scrape ? ' [scrape]' : ''}${w.clientGc ? ' [bench GC]' : ''}: ${line(w.activities)}`,
    );
}
