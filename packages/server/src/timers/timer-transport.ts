import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, redisAnswers, startPrivateRedis } from './local-redis.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** How timers wake up: BullMQ on a Redis, or only the reconciler polling the timer rows. */
export type TimerTransport =
  | { kind: 'redis'; url: string; origin: 'configured' | 'default' | 'private'; stop(): Promise<void> }
  | { kind: 'polling'; stop(): Promise<void> };

export interface AutoRedisOptions {
  /** Tried when no URL was configured (default redis://127.0.0.1:6379). */
  defaultUrl?: string;
  /** A private redis-server keeps its working folder under `<dataDir>/redis` (a temporary one without). */
  dataDir?: string;
  /** Finds the redis-server binary (default: PATH); injectable for tests. */
  findRedisServer?: () => string | null;
}

const nothingToStop = async () => {};

/**
 * A configured URL is used as given. Otherwise: the default local Redis if it answers, else a
 * private redis-server if one is installed, else polling by the reconciler. BullMQ's PostgreSQL
 * backend (a further fallback the issue names) is not built.
 */
export async function resolveTimerTransport(
  configuredUrl: string | undefined,
  auto: AutoRedisOptions | undefined,
): Promise<TimerTransport> {
  if (configuredUrl) return { kind: 'redis', url: configuredUrl, origin: 'configured', stop: nothingToStop };
  if (!auto) return { kind: 'polling', stop: nothingToStop };
  const defaultUrl = auto.defaultUrl ?? DEFAULT_REDIS_URL;
  if (await redisAnswers(defaultUrl)) {
    return { kind: 'redis', url: defaultUrl, origin: 'default', stop: nothingToStop };
  }
  const binary = (auto.findRedisServer ?? (() => findOnPath('redis-server')))();
  if (!binary) return { kind: 'polling', stop: nothingToStop };
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

/** One line for the log: which timer delivery is in use. */
export function describeTimerTransport(transport: TimerTransport, pollMs: number): string {
  if (transport.kind === 'polling') {
    return `timers: no Redis (none answers and no redis-server on PATH): the reconciler delivers them every ${pollMs / 1000} s`;
  }
  const where = { configured: 'REDIS_URL', default: 'the local Redis', private: 'a private redis-server' }[
    transport.origin
  ];
  return `timers: BullMQ on ${where} at ${transport.url}`;
}
