import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The checkout's root and the server package (bench/ has no dependencies of its own). */
export const SERVER_DIR = fileURLToPath(new URL('../../packages/server/', import.meta.url));
export const OUT_DIR = fileURLToPath(new URL('../out/', import.meta.url));
export const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

// pg and jose are the server's dependencies: resolve them from there (pnpm's strict isolation).
export const serverRequire = createRequire(new URL('../../packages/server/package.json', import.meta.url));
export const pg = serverRequire('pg') as typeof import('pg');
export const jose = serverRequire('jose') as typeof import('jose');
export const Redis = (serverRequire('ioredis') as typeof import('ioredis')).Redis;

export const PG_HOST = process.env['BENCH_PG_HOST'] ?? '127.0.0.1';
export const PG_PORT = Number(process.env['BENCH_PG_PORT'] ?? 5432);
export const PG_USER = process.env['BENCH_PG_USER'] ?? 'postgres';
export const BENCH_DB = process.env['BENCH_DB'] ?? 'doanflow_bench';
export const adminUrl = `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/postgres`;
export const benchUrl = `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${BENCH_DB}`;
/** Its own Redis database index; the server's BullMQ prefix stays "doanflow" inside it. */
export const REDIS_DB = Number(process.env['BENCH_REDIS_DB'] ?? 9);
export const redisUrl = `redis://127.0.0.1:6379/${REDIS_DB}`;

/** Seconds per load level (HTTP decisions, pgbench). */
export const LEVEL_SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
export const BULK_INSTANCES = Number(process.env['BENCH_INSTANCES'] ?? 1_000_000);
export const BULK_TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
export const CPU_PROFILE = process.env['BENCH_CPU_PROF'] === '1';

const tryRun = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};

export function machine() {
  return {
    nproc: Number(tryRun('nproc', [])) || cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: (totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    os: tryRun('uname', ['-sr']),
    pgbench: tryRun('pgbench', ['--version']),
  };
}
