import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { builtServeCommand } from '../../packages/server/test/support/serve-script.ts';
import { benchUrl, jose, OUT_DIR, redisUrl, SERVER_DIR } from './env.ts';
import { serverChildren } from './cpu.ts';
import { log, monotonicMicros, sleep } from './stats.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** MiB of the server's main thread: V8 heap used and reserved, memory outside it held by JS objects. */
export interface HeapFigures {
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/**
 * What the server package's `serve` script runs (its build, then Node's flags and the compiled
 * entry), built once per checkout, so the bench measures the process an operator gets;
 * BENCH_NODE_FLAGS replaces the flags ("" for none), the entry stays.
 */
export function serverCommand(serverDir = SERVER_DIR): { flags: string[]; entry: string } {
  const command = builtServeCommand(serverDir);
  const entry = command.nodeArgs.at(-1)!;
  const override = process.env['BENCH_NODE_FLAGS'];
  const flags =
    override !== undefined ? override.split(/\s+/).filter(Boolean) : command.nodeArgs.slice(0, -1);
  return { flags, entry };
}

/** The flags of this checkout's `serve` script (or BENCH_NODE_FLAGS). */
export const serverNodeFlags = (): string[] => serverCommand().flags;

/** What every bench server starts with: the bench's database and Redis, production mode, quiet logs. */
export function benchServerEnv(secret: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: benchUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: secret,
    // The limiter stays on (its cost is part of every request); the bench's one client IP needs more.
    RATE_LIMIT_MAX: '100000000',
    // The load walks steps without reading revisions first (a stale step is still refused with 409).
    DECISIONS_REQUIRE_REVISION: '0',
    LOG_LEVEL: 'warn',
  };
}

/** The real server as a child process, as its package's `serve` script runs it (built, then `dist/main.js`); with loader 'tsx', `src/main.ts` through tsx. */
export class ServerProcess {
  child: ChildProcess | null = null;
  readonly base: string;
  readonly port: number;
  readonly env: Record<string, string>;
  private constructor(port: number, env: Record<string, string>) {
    this.port = port;
    this.env = env;
    this.base = `http://127.0.0.1:${port}`;
  }

  static async start(
    env: Record<string, string>,
    options: {
      cpuProfile?: boolean;
      loader?: 'tsx' | 'node';
      logName?: string;
      inspectPort?: number;
      /** V8/Node flags instead of the `serve` script's (serverNodeFlags). */
      nodeFlags?: string[];
      /** Another checkout's server package (as its `serve` script runs it), e.g. main's, to compare with. */
      serverDir?: string;
    } = {},
  ) {
    const port = await freePort();
    const server = new ServerProcess(port, { ...env, PORT: String(port), HOST: '127.0.0.1' });
    const serve = serverCommand(options.serverDir ?? SERVER_DIR);
    const fromSource = options.loader === 'tsx';
    const args = fromSource ? ['--import', 'tsx'] : [];
    args.push(...(options.nodeFlags ?? serve.flags));
    // The inspector (loopback only) lets the bench profile one level (profile.ts); idle, it costs nothing.
    if (options.inspectPort) args.push(`--inspect=127.0.0.1:${options.inspectPort}`);
    if (options.cpuProfile) args.push('--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'cpu')}`);
    args.push(fromSource ? 'src/main.ts' : serve.entry);
    const logFile = createWriteStream(join(OUT_DIR, options.logName ?? 'server.log'), { flags: 'a' });
    // process.execPath is pnpm's Node 24 (node_modules/.bin/node), like every pnpm script.
    // BENCH_SERVER_WRAPPER runs the server under a tool, e.g. "heaptrack -o bench/out/heaptrack".
    const wrapper = (process.env['BENCH_SERVER_WRAPPER'] ?? '').split(/\s+/).filter(Boolean);
    const command =
      wrapper.length > 0 ? [...wrapper, process.execPath, ...args] : [process.execPath, ...args];
    const child = spawn(command[0]!, command.slice(1), {
      cwd: options.serverDir ?? SERVER_DIR,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...server.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(logFile);
    child.stderr!.pipe(logFile);
    server.child = child;
    const started = Date.now();
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      log(`server pid ${child.pid} exited (code ${code}, signal ${signal})`);
    });
    // Bounded wait for /health (migrations and the first reconciliation run before listen).
    for (let attempt = 0; attempt < 600; attempt += 1) {
      if (exited)
        throw new Error(`the server exited during start (see bench/out/${options.logName ?? 'server.log'})`);
      try {
        const response = await fetch(`${server.base}/health`);
        if (response.status < 500) {
          await response.arrayBuffer();
          log(`server pid ${child.pid} listening on ${server.base} after ${Date.now() - started} ms`);
          await server.watchHeap();
          return server;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await server.stop();
    throw new Error('the server did not answer /health within 60 s');
  }

  /** The main thread's V8 heap, read from GET /metrics (prom-client's nodejs_* gauges) every 500 ms. */
  private heap: HeapFigures = { heapUsed: NaN, heapTotal: NaN, external: NaN };
  private heapTimer: NodeJS.Timeout | null = null;
  /** When the bench read /metrics lately: [start, end] in monotonic µs (the inbox trace lines them up). */
  readonly scrapes: [number, number][] = [];

  private async watchHeap(): Promise<void> {
    this.heapTimer = setInterval(() => void (this.scrapesPaused || this.readHeap()), 500);
    this.heapTimer.unref();
    await this.readHeap();
  }

  private async readHeap(): Promise<void> {
    const started = monotonicMicros();
    try {
      const text = await (await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
      this.scrapes.push([started, monotonicMicros()]);
      if (this.scrapes.length > 4_000) this.scrapes.splice(0, 2_000);
      const mib = (name: string) =>
        Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
      this.heap = {
        heapUsed: mib('nodejs_heap_size_used_bytes'),
        heapTotal: mib('nodejs_heap_size_total_bytes'),
        external: mib('nodejs_external_memory_bytes'),
      };
    } catch {
      // busy or gone: keep the last figures
    }
  }

  private scrapesPaused = false;
  /**
   * `run` without the 500 ms heap reads (one read after it): a scrape is ~5 statements and the
   * exposition's text, 10–35 ms here, and at 2 Hz it overlaps ~2% of sequential 2-ms requests — a
   * Prometheus scraping every 15–60 s overlaps a hundredth of that. For timings of a request's tail.
   */
  async withoutScrapes<T>(run: () => Promise<T>): Promise<T> {
    this.scrapesPaused = true;
    try {
      return await run();
    } finally {
      this.scrapesPaused = false;
      await this.readHeap();
    }
  }

  /**
   * Resident set size of the server process (VmRSS, all threads) and its peak (VmHWM), in MiB; its
   * child processes' (render processes: Typst's memory lives there) VmRSS summed, and the total;
   * with the main thread's V8 heap (used, total) and external memory from the last /metrics read
   * (≤ 0.5 s old).
   */
  memory(): { rss: number; hwm: number; children: number; total: number } & HeapFigures {
    const server = statusOf(this.child!.pid);
    if (!server) {
      // the process is gone
      return { rss: NaN, hwm: NaN, children: NaN, total: NaN, heapUsed: NaN, heapTotal: NaN, external: NaN };
    }
    const children = serverChildren(this.child!.pid).reduce((sum, pid) => sum + (statusOf(pid)?.rss ?? 0), 0);
    return { ...server, children, total: server.rss + children, ...this.heap };
  }

  /** SIGTERM (clean shutdown; writes the CPU profile), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.heapTimer) clearInterval(this.heapTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Signing steps' time by phase (render, turn, locked) so far: seconds summed and steps counted, from GET /metrics. */
export async function signingPhases(base: string): Promise<Record<string, { sum: number; count: number }>> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const phases: Record<string, { sum: number; count: number }> = {};
  for (const match of text.matchAll(
    /^doanflow_signing_phase_seconds_(sum|count)\{phase="(\w+)"\} ([0-9.e+-]+)$/gm,
  )) {
    const phase = (phases[match[2]!] ??= { sum: 0, count: 0 });
    phase[match[1] as 'sum' | 'count'] = Number(match[3]);
  }
  // Serials guessed wrong: a count only (its n in signingMeans).
  const missed = /^doanflow_signing_guess_missed_total ([0-9.e+-]+)$/m.exec(text);
  if (missed) phases['missed'] = { sum: 0, count: Number(missed[1]) };
  return phases;
}

/** Mean ms per signing step in each phase between two readings of signingPhases. */
export function signingMeans(
  before: Record<string, { sum: number; count: number }>,
  after: Record<string, { sum: number; count: number }>,
): Record<string, { meanMs: number; n: number }> {
  return Object.fromEntries(
    Object.entries(after).map(([phase, a]) => {
      const b = before[phase] ?? { sum: 0, count: 0 };
      const n = a.count - b.count;
      return [phase, { meanMs: n > 0 ? (1000 * (a.sum - b.sum)) / n : NaN, n }];
    }),
  );
}

/** VmRSS and VmHWM of a process, MiB (null once it is gone). */
function statusOf(pid: number | undefined): { rss: number; hwm: number } | null {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** HS256 tokens signed with the server's JWT_SECRET, one per demo officer. */
export async function mintTokens(secret: string, people: string[]): Promise<Record<string, string>> {
  const key = new TextEncoder().encode(secret);
  const tokens: Record<string, string> = {};
  for (const person of people) {
    tokens[person] = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(person)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
  }
  return tokens;
}
