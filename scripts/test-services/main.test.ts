import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../packages/server/src/timers/local-redis.ts';
import { listening, machineAddresses } from './probe.ts';

/** The test command as `npm test` runs it, in a process of its own. */
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./use-services.fixture.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Nothing of this run's own services leaks in (this file itself runs under the test command). */
const plainEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };

interface Seen {
  pid: number;
  databaseUrl: string;
  redisUrl: string;
  redisAnswers: boolean;
  restartUrl: string | null;
  cluster: string | null;
  before: { database: string; dataDir: string; startedAt: string };
  after: { startedAt: string } | null;
}

function launch(args: string[], env: Record<string, string>, onOutput?: (stdout: string) => void) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onOutput?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string; seen: Seen }>((resolve) =>
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith('services: '));
      resolve({ code, stdout, stderr, seen: line ? (JSON.parse(line.slice(10)) as Seen) : (null as never) });
    }),
  );
  return { child, done };
}

const portOf = (url: string) => Number(new URL(url).port);

const emptyDirs: string[] = [];
afterAll(() => emptyDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the test command', () => {
  it('starts an embedded PostgreSQL and a private redis-server when nothing answers, restarts that PostgreSQL on request, and leaves nothing listening', async () => {
    const [pgPort, redisPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const { done } = launch(['--exec', process.execPath, FIXTURE, '--restart'], {
      ...plainEnv,
      TEST_PG_PORT: String(pgPort),
      TEST_REDIS_PORT: String(redisPort),
    });
    const { code, stdout, stderr, seen } = await done;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(
      new RegExp(
        `PostgreSQL 15\\.\\d+ embedded .*started for this run .* nothing answers on 127\\.0\\.0\\.1:${pgPort}`,
      ),
    );
    expect(stdout).toContain(`a private redis-server on 127.0.0.1:${portOf(seen.redisUrl)}`);
    expect(seen.before.database).toBe('doanflow_test');
    expect(seen.redisAnswers).toBe(true);
    // The restart address stopped and started that very server: a new postmaster, same data.
    expect(seen.after!.startedAt > seen.before.startedAt).toBe(true);
    expect(stdout).toContain(
      'stopped the embedded PostgreSQL and the private redis-server; nothing left listening',
    );
    for (const url of [seen.databaseUrl, seen.redisUrl, seen.restartUrl!]) {
      expect({ url, answers: await listening(portOf(url)) }).toEqual({ url, answers: false });
    }
    expect(existsSync(seen.before.dataDir)).toBe(false);
  });

  it('uses the PostgreSQL and Redis that answer, and stops neither', async () => {
    // This run's own servers (the machine's, or the ones its test command started) answer.
    const pgPort = portOf(process.env['TEST_DATABASE_URL'] ?? machineAddresses({}).databaseUrl);
    const redisPort = portOf(process.env['TEST_REDIS_URL'] ?? machineAddresses({}).redisUrl);
    const { done } = launch(['--exec', process.execPath, FIXTURE], {
      ...plainEnv,
      TEST_PG_PORT: String(pgPort),
      TEST_REDIS_PORT: String(redisPort),
    });
    const { code, stdout, stderr, seen } = await done;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(seen).toMatchObject({
      databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/doanflow_test`,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      redisAnswers: true,
      restartUrl: null,
    });
    expect(stdout).not.toContain('stopped');
    expect([await listening(pgPort), await listening(redisPort)]).toEqual([true, true]);
  });

  it('says in one line what is missing and how to install it, and starts nothing', async () => {
    const [pgPort, redisPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    // No redis-server on this PATH (nor anything else).
    const bare = mkdtempSync(join(tmpdir(), 'doanflow-bare-path-'));
    emptyDirs.push(bare);
    const { done } = launch(['--exec', process.execPath, FIXTURE], {
      PATH: bare,
      HOME: plainEnv.HOME,
      TEST_PG_PORT: String(pgPort),
      TEST_REDIS_PORT: String(redisPort),
    });
    const { code, stdout, stderr } = await done;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Cannot run the tests: redis-server is not installed and nothing answers on 127\\.0\\.0\\.1:${redisPort} — install it: (sudo )?apt-get install -y redis-server$`,
        ),
      ),
    ]);
    expect(await listening(pgPort)).toBe(false);
  });

  it('stops what it started when it is told to stop in the middle of a run', async () => {
    const [pgPort, redisPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const { child, done } = launch(
      ['--exec', process.execPath, FIXTURE, '--hold'],
      { ...plainEnv, TEST_PG_PORT: String(pgPort), TEST_REDIS_PORT: String(redisPort) },
      (stdout) => {
        if (/^services: .*\n/m.test(stdout)) child.kill('SIGTERM');
      },
    );
    const { code, seen } = await done;
    expect(code).not.toBe(0);
    // The tests' process went too: no test outlives the services it uses.
    expect(() => process.kill(seen.pid, 0)).toThrow(/ESRCH/);
    for (const url of [seen.databaseUrl, seen.redisUrl, seen.restartUrl!]) {
      expect({ url, answers: await listening(portOf(url)) }).toEqual({ url, answers: false });
    }
    expect(existsSync(seen.before.dataDir)).toBe(false);
  });
});
