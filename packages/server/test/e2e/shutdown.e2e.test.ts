import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { answersHealth, freePort, SERVER_DIR } from '../chaos/processes.ts';
import { REDIS_URL } from '../runtime/support.ts';

/** The process as `pnpm start` runs it: embedded PGlite, demo data, then SIGTERM as a supervisor sends. */

const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-shutdown-'));
// A Redis database index of its own on the tests' Redis, emptied afterwards.
const redisUrl = new URL(REDIS_URL);
redisUrl.pathname = '/13';
const REDIS = redisUrl.toString();
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  const redis = new Redis(REDIS);
  await redis.flushdb();
  redis.disconnect();
});

describe('the server process', () => {
  // Generous: PGlite's first start and the demo seed take most of it on a loaded 2-core machine.
  it('shuts down cleanly on SIGTERM: exit code 0 and no failure logged', { timeout: 120_000 }, async () => {
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DOANFLOW_DATA_DIR: dataDir,
        DOANFLOW_DEMO: '1',
        REDIS_URL: REDIS,
        JWT_SECRET: 'shutdown-test-secret-that-is-long-enough',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const up = await answersHealth(port, child);
      // The output rides along so that a failure shows the server's log.
      expect({ up, output }).toMatchObject({ up: true });
      child.kill('SIGTERM');
      expect({ code: await exited, output }).toMatchObject({ code: 0 });
      expect(output).not.toMatch(/shutdown failed/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
