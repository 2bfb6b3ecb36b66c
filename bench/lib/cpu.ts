import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

function ticksOf(pid: string): { comm: string; parent: number; ticks: number; childrenTicks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    return {
      comm,
      parent: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]), // utime + stime
      childrenTicks: Number(fields[13]) + Number(fields[14]), // cutime + cstime: children it has reaped
    };
  } catch {
    return null;
  }
}

/** The server's own child processes (its render processes), not a Redis or PostgreSQL it started. */
export function serverChildren(serverPid: number | undefined): number[] {
  if (serverPid === undefined) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      const stat = ticksOf(pid);
      return stat?.parent === serverPid && !/^(redis-server|postgres)/.test(stat.comm);
    })
    .map(Number);
}

/** Where a snapshot keeps its PostgreSQL processes' CPU seconds, by pid. */
const BACKENDS = Symbol('postgres backends');
const backendsOf = (snapshot: Record<string, number>) =>
  (snapshot as unknown as Record<symbol, Map<string, number> | undefined>)[BACKENDS];

/**
 * CPU seconds used so far by the server child (with its render processes, live or exited),
 * PostgreSQL's processes, Redis, and this process.
 */
export function cpuSnapshot(serverPid: number | undefined): Record<string, number> {
  const totals: Record<string, number> = { server: 0, postgres: 0, redis: 0, pgbench: 0 };
  const backends = new Map<string, number>();
  // Not enumerable: the groups' figures stay the snapshot's only entries.
  Object.defineProperty(totals, BACKENDS, { value: backends, enumerable: false });
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = ticksOf(pid);
    if (!stat) continue;
    // Exited render processes count in the server's cutime once it has reaped them.
    // "render processes" is the part of "server" its children used (a CPU profile sees only the parent).
    if (Number(pid) === serverPid) {
      totals['server']! += (stat.ticks + stat.childrenTicks) / TICK;
      totals['render processes'] = (totals['render processes'] ?? 0) + stat.childrenTicks / TICK;
    } else if (
      serverPid !== undefined &&
      stat.parent === serverPid &&
      !/^(redis-server|postgres)/.test(stat.comm)
    ) {
      totals['server']! += stat.ticks / TICK;
      totals['render processes'] = (totals['render processes'] ?? 0) + stat.ticks / TICK;
    } else if (stat.comm === 'postgres') {
      totals['postgres']! += stat.ticks / TICK;
      backends.set(pid, stat.ticks / TICK);
    } else if (stat.comm.startsWith('redis-server')) totals['redis']! += stat.ticks / TICK;
    else if (stat.comm === 'pgbench') totals['pgbench']! += stat.ticks / TICK;
  }
  const own = process.cpuUsage();
  totals['bench client'] = (own.user + own.system) / 1e6;
  // The whole machine (busy = everything but idle and iowait): PostgreSQL backends that exit take
  // their own counters with them, the machine's do not.
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  totals['machine busy'] = (cpu.reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!) / TICK;
  return totals;
}

/** Cores used per process group between two snapshots over `seconds` of wall time. */
export function cpuShare(
  before: Record<string, number>,
  after: Record<string, number>,
  seconds: number,
): Record<string, number> {
  const share = Object.fromEntries(
    Object.keys(after).map((key) => [key, (after[key]! - (before[key] ?? 0)) / seconds]),
  );
  // PostgreSQL's processes come and go (a stopped server's pooled backends exit, taking all their
  // CPU with them, and the group's total would fall): its share is the sum over the processes alive
  // at the end, each from its first reading (0 if it started meanwhile).
  const backendsBefore = backendsOf(before);
  const backendsAfter = backendsOf(after);
  if (backendsBefore && backendsAfter) {
    let used = 0;
    for (const [pid, total] of backendsAfter) used += total - (backendsBefore.get(pid) ?? 0);
    share['postgres'] = used / seconds;
  }
  // Everything else on the machine (other engineers' test runs…): the figures are only clean when ~0.
  // PostgreSQL backends that exited during the window are not in "postgres": pgbench's own are
  // counted in "machine busy" only, so "other" is not computed for pgbench windows.
  const known = ['server', 'postgres', 'redis', 'pgbench', 'bench client'].reduce(
    (sum, key) => sum + (share[key] ?? 0),
    0,
  );
  share['other'] = Math.max(0, (share['machine busy'] ?? 0) - known);
  return share;
}

/**
 * Waits (bounded) until the rest of the machine is quiet: less than `maxOther` cores busy outside
 * the server, PostgreSQL, Redis and this process. Returns the load seen last.
 */
export async function waitForQuiet(
  serverPid: number | undefined,
  maxOther = 0.25,
  maxWaitMs = 20_000,
): Promise<number> {
  const started = Date.now();
  let other = Infinity;
  while (Date.now() - started < maxWaitMs) {
    const before = cpuSnapshot(serverPid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    other = cpuShare(before, cpuSnapshot(serverPid), 1)['other'] ?? 0;
    if (other < maxOther) break;
  }
  return other;
}

/**
 * Waits (bounded) until the server and PostgreSQL are idle too (under `maxBusy` cores together for
 * two seconds running): after a bulk load behind the server's back, its background work (folding
 * the report's moves, rebuilding wake-ups, vacuum) would otherwise overlap what is timed next.
 * Returns the seconds waited.
 */
export async function waitForSettled(serverPid: number | undefined, maxBusy = 0.15, maxWaitMs = 180_000) {
  const started = Date.now();
  let calm = 0;
  while (Date.now() - started < maxWaitMs && calm < 2) {
    const before = cpuSnapshot(serverPid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const share = cpuShare(before, cpuSnapshot(serverPid), 1);
    calm = (share['server'] ?? 0) + (share['postgres'] ?? 0) < maxBusy ? calm + 1 : 0;
  }
  return (Date.now() - started) / 1000;
}

/**
 * "server" counts its render processes too (cpuSnapshot): they are written as its part, so that
 * nobody adds them twice when splitting the machine's time.
 */
export const formatShare = (share: Record<string, number> | undefined) =>
  share
    ? Object.entries(share)
        .filter(([name, cores]) => cores >= 0.01 && name !== 'render processes')
        .map(([name, cores]) => {
          const render = share['render processes'] ?? 0;
          return name === 'server' && render >= 0.01
            ? `server ${cores.toFixed(2)} (of which render processes ${render.toFixed(2)})`
            : `${name} ${cores.toFixed(2)}`;
        })
        .join(', ')
    : '–';

/**
 * The write system calls (write, writev, sendto…) the server's own process has made so far, all its
 * threads (/proc/<pid>/io, syscw): to PostgreSQL, its HTTP clients, Redis and its render processes
 * alike. Each is a trip into the kernel, and on a socket a reader woken.
 */
export function writeCalls(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return Number(/^syscw:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
