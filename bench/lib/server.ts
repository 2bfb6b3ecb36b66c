import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { jose, OUT_DIR, SERVER_DIR } from './env.ts';
import { log, sleep } from './stats.ts';

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

/** The real server (packages/server/src/main.ts) as a child process: `node --import tsx` (or Node's own type stripping). */
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
    options: { cpuProfile?: boolean; loader?: 'tsx' | 'node'; logName?: string; inspectPort?: number } = {},
  ) {
    const port = await freePort();
    const server = new ServerProcess(port, { ...env, PORT: String(port), HOST: '127.0.0.1' });
    const args = options.loader === 'tsx' ? ['--import', 'tsx'] : [];
    // The inspector (loopback only) lets the bench profile one level (profile.ts); idle, it costs nothing.
    if (options.inspectPort) args.push(`--inspect=127.0.0.1:${options.inspectPort}`);
    if (options.cpuProfile) args.push('--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'cpu')}`);
    args.push('src/main.ts');
    const logFile = createWriteStream(join(OUT_DIR, options.logName ?? 'server.log'), { flags: 'a' });
    // process.execPath is pnpm's Node 24 (node_modules/.bin/node), like every pnpm script.
    const child = spawn(process.execPath, args, {
      cwd: SERVER_DIR,
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

  /** Resident set size of the server process (VmRSS) and its peak (VmHWM), in MiB. */
  memory(): { rss: number; hwm: number } {
    let status = '';
    try {
      status = readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
    } catch {
      return { rss: NaN, hwm: NaN }; // the process is gone
    }
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  }

  /** SIGTERM (clean shutdown; writes the CPU profile), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
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
