import { Client } from 'pg';
import { demoDirectoryData } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { openTestServer, type TestServer } from '../support/test-server.ts';
import { DATABASE_URL, uniqueName } from './support.ts';

/**
 * Readiness against a PostgreSQL that stops taking writes: a database of our own is made
 * read-only (default_transaction_read_only, as a demoted primary or a full disk would refuse
 * writes) and back, without touching the machine's server settings or restarting the server.
 */
const name = uniqueName('doanflow_ready');
const adminUrl = Object.assign(new URL(DATABASE_URL), { pathname: '/postgres' }).toString();
const databaseUrl = Object.assign(new URL(DATABASE_URL), { pathname: `/${name}` }).toString();
let server: TestServer;
let runtime: HostedRuntime;
let app: DoanflowApp;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Sets the database read-only (or back) and drops its open sessions, which keep the old setting. */
async function readOnly(on: boolean): Promise<void> {
  await admin(
    `alter database ${name} ${on ? 'set default_transaction_read_only = on' : 'reset default_transaction_read_only'}`,
  );
  await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
}

beforeAll(async () => {
  await admin(`create database ${name}`);
  server = await openTestServer('ready', {
    databaseUrl,
    directory: demoDirectoryData,
    auth: { secret: 'readiness-test-secret-that-is-long-enough' },
  });
  ({ runtime, app } = server);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await admin(`drop database if exists ${name} with (force)`);
});

/** Polls /ready until `expected` (sessions reconnect after being dropped). */
async function readyUntil(expected: number): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  let last = { statusCode: 0, body: {} as Record<string, unknown> };
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const response = await app.inject({ url: '/ready' });
    last = { statusCode: response.statusCode, body: response.json() };
    if (
      last.statusCode === expected &&
      (expected === 200 || JSON.stringify(last.body).includes('read-only'))
    ) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

describe('readiness', () => {
  it('is ready when PostgreSQL takes a write and the timer worker runs', async () => {
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok', timers: 'ok' } });
  });

  it('turns false while PostgreSQL refuses writes, stays live, and recovers without a restart', async () => {
    await readOnly(true);
    try {
      const refused = await readyUntil(503);
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toMatchObject({
        code: 'UNAVAILABLE',
        message: 'the database does not take writes (read-only)',
        details: { checks: { database: 'read-only', timers: 'ok' } },
      });
      // Reads still work, and the process is alive: an orchestrator must not restart it over this.
      expect((await runtime.directory()).units.length).toBeGreaterThan(0);
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await readOnly(false);
    }
    expect((await readyUntil(200)).statusCode).toBe(200);
  });

  it('turns false when the timer worker stops, while liveness stays', async () => {
    await runtime.worker!.close();
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({
      message: 'not ready: timers stopped',
      details: { checks: { database: 'ok', timers: 'stopped' } },
    });
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});
