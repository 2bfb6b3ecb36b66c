/** Carries out a plan: uses what answers, starts what is missing, and stops what it started. */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startPrivateRedis } from '../../packages/server/src/timers/local-redis.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import type { Plan } from './plan.ts';
import { machineAddresses, TEST_DATABASE } from './probe.ts';

export interface RunServices {
  /** TEST_DATABASE_URL, TEST_REDIS_URL and how to restart the PostgreSQL (TEST_PG_*). */
  env: Record<string, string>;
  /** One line per service: what the run uses and why. */
  describe: string[];
  /** Loopback ports of what this run started: none may still listen after `stop`. */
  startedPorts: number[];
  /** Stops what the run started, last first; resolves with the names of the services stopped. */
  stop(): Promise<string[]>;
}

type Ready = Extract<Plan, { ok: true }>;

/** The tests' database on the machine's server, created once (other runs may share it). */
async function ensureDatabase(databaseUrl: string): Promise<void> {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [TEST_DATABASE]);
    if (!rowCount) {
      await client.query(`create database ${TEST_DATABASE}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another run
      });
    }
  } finally {
    await client.end();
  }
}

/** A loopback address the durability suite calls to restart the run's PostgreSQL, one at a time. */
async function serveRestarts(restart: () => Promise<void>) {
  const path = `/${randomBytes(16).toString('hex')}/restart`;
  let queue = Promise.resolve();
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    queue = queue.then(restart).then(
      () => void response.writeHead(204).end(),
      (error: unknown) => void response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

export async function startServices(plan: Ready, env: NodeJS.ProcessEnv): Promise<RunServices> {
  const machine = machineAddresses(env);
  const services: RunServices = { env: {}, describe: [], startedPorts: [], stop: async () => [] };
  /** Named when the run started a service; unnamed for the run's own helpers. */
  const stops: { name?: string; stop: () => Promise<void> }[] = [];
  services.stop = async () => {
    const stopped: string[] = [];
    for (const { name, stop } of [...stops].reverse()) {
      await stop();
      if (name) stopped.unshift(name);
    }
    return stopped;
  };
  try {
    const { postgres, redis } = plan;
    if (postgres.kind === 'configured') {
      services.describe.push(`PostgreSQL on ${postgres.address} (TEST_DATABASE_URL)`);
    } else if (postgres.kind === 'machine') {
      await ensureDatabase(machine.databaseUrl);
      services.env['TEST_DATABASE_URL'] = machine.databaseUrl;
      // Empty: this run may not restart it, and the durability suite must not restart another.
      services.env['TEST_PG_CLUSTER'] = postgres.cluster ?? '';
      const restarts = postgres.cluster ? `; the durability suite restarts cluster ${postgres.cluster}` : '';
      services.describe.push(
        `PostgreSQL ${postgres.version} on ${postgres.address} (this machine's${restarts})`,
      );
    } else {
      const cluster = await startEmbeddedPostgres(TEST_DATABASE);
      stops.push({ name: 'the embedded PostgreSQL', stop: cluster.stop });
      const restarts = await serveRestarts(cluster.restart);
      stops.push({ stop: restarts.close });
      services.startedPorts.push(cluster.port, restarts.port);
      services.env['TEST_DATABASE_URL'] = `postgres://postgres@127.0.0.1:${cluster.port}/${TEST_DATABASE}`;
      services.env['TEST_PG_RESTART_URL'] = restarts.url;
      services.describe.push(
        `PostgreSQL ${cluster.version} embedded (embedded-postgres), started for this run on 127.0.0.1:${cluster.port} in ${(cluster.startedInMs / 1000).toFixed(1)} s — ${postgres.because}`,
      );
    }
    if (redis.kind === 'configured') {
      services.describe.push(`Redis on ${redis.address} (TEST_REDIS_URL)`);
    } else if (redis.kind === 'machine') {
      services.env['TEST_REDIS_URL'] = machine.redisUrl;
      services.describe.push(`Redis on ${redis.address} (this machine's)`);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'doanflow-test-redis-'));
      const started = await startPrivateRedis(redis.binary, dir).catch((error: unknown) => {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      });
      stops.push({
        name: 'the private redis-server',
        stop: async () => {
          await started.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      });
      const port = Number(new URL(started.url).port);
      services.startedPorts.push(port);
      services.env['TEST_REDIS_URL'] = started.url;
      services.describe.push(`Redis: a private redis-server on 127.0.0.1:${port} — ${redis.because}`);
    }
  } catch (error) {
    await services.stop().catch(() => {});
    throw error;
  }
  return services;
}
