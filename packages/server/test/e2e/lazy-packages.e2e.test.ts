import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answersHealth, freePort, scratchDir, SERVER_DIR } from '../chaos/processes.ts';

/**
 * What a server holds in memory is also which packages it loaded (issue 15): those of features it was
 * not configured for (e-mail, Web Push) or has not been asked for yet (a workbook) wait until needed.
 */
const scratch = scratchDir();
afterAll(() => scratch.dispose());

const LAZY = ['nodemailer', 'web-push', 'write-excel-file'];

describe('the server process at rest', () => {
  it('has not loaded the packages of e-mail, Web Push or workbooks', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const loads = join(scratch.path, 'loads.txt');
    writeFileSync(loads, '');
    let output = '';
    const child = spawn(
      process.execPath,
      ['--import', new URL('../support/record-package-loads.ts', import.meta.url).pathname, 'src/main.ts'],
      {
        cwd: SERVER_DIR,
        // The embedded database and timers, no demo: a newcomer's server with nothing configured.
        env: {
          PATH: process.env['PATH'],
          HOME: process.env['HOME'],
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          DOANFLOW_DATA_DIR: join(scratch.path, 'data'),
          JWT_SECRET: 'lazy-packages-test-secret-that-is-long-enough',
          LOG_LEVEL: 'warn',
          DOANFLOW_PACKAGE_LOADS: loads,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const up = await answersHealth(port, child);
      expect({ up, output }).toMatchObject({ up: true });
      const loaded = readFileSync(loads, 'utf8').trim().split('\n');
      // The hook saw the server's own packages (else the absence below would prove nothing).
      expect(loaded).toEqual(expect.arrayContaining(['fastify', 'xstate', 'zod', '@electric-sql/pglite']));
      expect(loaded.filter((name) => LAZY.includes(name))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
