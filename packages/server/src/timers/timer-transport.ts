import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, redisAnswers, startPrivateRedis } from './local-redis.ts';
import { openPostgresJobStore, type PostgresJobStore, type ServerDatabase } from './postgres-backend.ts';
import type { QueueConnection } from './queue.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** How timers wake up: BullMQ on a Redis or on PostgreSQL, or only the reconciler polling the timer rows. */
export type TimerTransport =
  | { kind: 'redis'; url: string; origin: 'configured' | 'default' | 'private'; stop(): Promise<void> }
  | { kind: 'postgres'; store: PostgresJobStore; stop(): Promise<void> }
  /** `reason`: why BullMQ's PostgreSQL backend is not in use either. */
  | { kind: 'polling'; reason?: string; stop(): Promise<void> };

export interface AutoRedisOptions {
  /** Tried when no URL was configured (default redis://127.0.0.1:6379). */
  defaultUrl?: string;
  /** A private redis-server keeps its working folder under `<dataDir>/redis` (a temporary one without). */
  dataDir?: string;
  /** Finds the redis-server binary (default: PATH); injectable for tests. */
  findRedisServer?: () => string | null;
  /** Opens BullMQ's PostgreSQL store (default: postgres-backend.ts); injectable for tests. */
  openJobStore?: (database: ServerDatabase) => Promise<PostgresJobStore>;
}

const nothingToStop = async () => {};

/**
 * A configured URL is used as given. Otherwise: the default local Redis if it answers, else a
 * private redis-server if one is installed, else BullMQ's PostgreSQL backend in the server's own
 * database (embedded or DATABASE_URL), else polling by the reconciler.
 */
export async function resolveTimerTransport(
  configuredUrl: string | undefined,
  auto: AutoRedisOptions | undefined,
  database: ServerDatabase,
): Promise<TimerTransport> {
  if (configuredUrl) return { kind: 'redis', url: configuredUrl, origin: 'configured', stop: nothingToStop };
  if (!auto) return { kind: 'polling', stop: nothingToStop };
  const defaultUrl = auto.defaultUrl ?? DEFAULT_REDIS_URL;
  if (await redisAnswers(defaultUrl)) {
    return { kind: 'redis', url: defaultUrl, origin: 'default', stop: nothingToStop };
  }
  const binary = (auto.findRedisServer ?? (() => findOnPath('redis-server')))();
  if (!binary) return jobsInPostgres(database, auto.openJobStore ?? openPostgresJobStore);
  const temporary =
    auto.dataDir && !auto.dataDir.startsWith('memory:')
      ? null
      : mkdtempSync(join(tmpdir(), 'doanflow-redis-'));
  const redis = await startPrivateRedis(binary, temporary ?? join(auto.dataDir!, 'redis'));
  return {
    kind: 'redis',
    url: redis.url,
    origin: 'private',
    async stop() {
      await redis.stop();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}

async function jobsInPostgres(
  database: ServerDatabase,
  open: (database: ServerDatabase) => Promise<PostgresJobStore>,
): Promise<TimerTransport> {
  try {
    const store = await open(database);
    return { kind: 'postgres', store, stop: () => store.stop() };
  } catch (error) {
    const reason = `BullMQ's PostgreSQL backend did not start: ${(error as Error).message}`;
    return { kind: 'polling', reason, stop: nothingToStop };
  }
}

/** What the timer queue and worker connect to; null when the reconciler alone delivers. */
export function queueConnection(transport: TimerTransport, prefix: string): QueueConnection | null {
  if (transport.kind === 'redis') return { redisUrl: transport.url, prefix };
  if (transport.kind === 'postgres') return { postgres: transport.store };
  return null;
}

const NO_REDIS = 'no Redis answers and no redis-server is on PATH';

/** One line for the log: which timer delivery is in use. */
export function describeTimerTransport(transport: TimerTransport, pollMs: number): string {
  if (transport.kind === 'polling') {
    const why = transport.reason ? `${NO_REDIS}; ${transport.reason}` : 'no Redis';
    return `timers: ${why}; the reconciler delivers them every ${pollMs / 1000} s`;
  }
  if (transport.kind === 'postgres') {
    const { where, schema } = transport.store;
    const database = where === 'embedded' ? 'the embedded database' : "DATABASE_URL's database";
    return `timers: BullMQ on its PostgreSQL backend in ${database} (schema ${schema}); ${NO_REDIS}`;
  }
  const where = { configured: 'REDIS_URL', default: 'the local Redis', private: 'a private redis-server' }[
    transport.origin
  ];
  return `timers: BullMQ on ${where} at ${transport.url}`;
}
