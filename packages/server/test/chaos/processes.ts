import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECRET, TENANT } from '../e2e/support.ts';
import { builtServeCommand } from '../support/serve-script.ts';

/** packages/server: the child servers run its `serve` script's command from here (a previous release: tsx). */
export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Every child this test file started, killed on exit even when a test throws or vitest is interrupted. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls a child server's GET /health every 100 ms until it answers 200 (true), the child exits or
 * `attempts` run out (false).
 */
export async function answersHealth(port: number, child: ChildProcess, attempts = 900): Promise<boolean> {
  for (let attempt = 0; attempt < attempts && child.exitCode === null; attempt += 1) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (up) return true;
    await sleep(100);
  }
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A scratch folder for logs and redis-server's working directory, removed by `dispose`. */
export function scratchDir(): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'doanflow-chaos-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function lastLines(path: string, count = 40): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-count).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * A redis-server of our own on a fixed loopback port, keeping nothing on disk: flushing it or
 * killing and restarting it on the same port disturbs nobody else's Redis.
 */
export class PrivateRedis {
  readonly port: number;
  readonly url: string;
  private readonly dir: string;
  private child: ChildProcess | null = null;

  constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
    this.url = `redis://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 10_000): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(child);
    child.once('exit', () => children.delete(child));
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server not ready: ${output}`)), timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${output}`));
      });
    });
    child.stdout!.resume();
  }

  /** SIGKILL: Redis and every key in it are gone at once. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = null;
  }
}

export interface ServerEnv {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  /** packages/server of the release to run (default: this checkout's). */
  dir?: string;
  /** More environment (timer settings, LD_PRELOAD…), over the defaults below. */
  extra?: Record<string, string>;
  /** More Node options, before the script (`--inspect=…` for the soak). */
  nodeArgs?: string[];
  /**
   * Run src/main.ts through tsx instead of the `serve` command: for tests in the main run, where
   * the packaging tests' `pnpm pack` may be rebuilding dist/ meanwhile.
   */
  fromSource?: boolean;
}

/**
 * The real server as a child process on 127.0.0.1: its own port, the chaos database, a private
 * Redis; tokens signed as the e2e tests sign them. This checkout's runs as its `serve` script runs
 * it (compiled: `node … dist/main.js`), as an operator's does, unless `fromSource`. Another
 * release's server runs from its own checkout (`dir`) through tsx, as it always did.
 */
export class ServerProcess {
  readonly port: number;
  readonly url: string;
  readonly logPath: string;
  private readonly env: ServerEnv;
  child: ChildProcess | null = null;

  constructor(env: ServerEnv, logPath: string) {
    this.env = env;
    this.port = env.port;
    this.url = `http://127.0.0.1:${env.port}`;
    this.logPath = logPath;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once /health answers (bounded by `timeoutMs`). */
  async start(timeoutMs = 60_000): Promise<void> {
    const log = openSync(this.logPath, 'a');
    const command =
      this.env.dir || this.env.fromSource
        ? ['--import', 'tsx', 'src/main.ts']
        : builtServeCommand(SERVER_DIR).nodeArgs;
    const child = spawn(process.execPath, [...(this.env.nodeArgs ?? []), ...command], {
      cwd: this.env.dir ?? SERVER_DIR,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(this.env.port),
        DATABASE_URL: this.env.databaseUrl,
        REDIS_URL: this.env.redisUrl,
        JWT_SECRET: SECRET,
        DOANFLOW_TENANT: TENANT,
        // Thousands of requests a minute from one loopback address are the point here.
        RATE_LIMIT_MAX: '10000000',
        LOG_LEVEL: 'warn',
        // The tests' webhook receivers listen on loopback, which a deployment must allow explicitly.
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        // The chaos workload retries decisions by Idempotency-Key across crashes without tracking
        // revisions: the deployment setting that lets a decision through without one.
        DECISIONS_REQUIRE_REVISION: '0',
        // The workload and the previous release know v1 of the Union's charts: hold v2 back, as an
        // operator does during a rolling deploy (crash-v2.chaos.ts lifts it to run v2 under SIGKILL).
        WORKFLOW_VERSIONS_UP_TO:
          'member-transfer@1,field-visit@1,branch-review@1,award-campaign@1,award-nomination@1',
        ...this.env.extra,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    children.add(child);
    child.once('exit', () => children.delete(child));
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`server exited while starting:\n${this.tail()}`);
      try {
        const answer = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1_000) });
        if (answer.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server not up after ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** SIGKILL: no shutdown hook runs, in-flight transactions die with their connections. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  }

  /** SIGTERM with a bounded grace, then SIGKILL. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.kill('SIGTERM');
    await exited(child);
    clearTimeout(force);
  }

  tail(count = 40): string {
    return lastLines(this.logPath, count);
  }

  /** The whole log so far. */
  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }
}

/**
 * TCP connections a process holds established to a loopback port (IPv4), from /proc: its socket
 * descriptors matched against the kernel's table. What the process holds open, whatever a proxy
 * in between still believes.
 */
export function connectionsOf(pid: number, remotePort: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const port = remotePort.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2]?.endsWith(`:${port}`) && fields[3] === '01' && inodes.has(fields[9]!))
    .length;
}
