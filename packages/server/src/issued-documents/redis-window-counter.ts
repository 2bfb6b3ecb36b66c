import { Redis } from 'ioredis';
import { WindowCounter, type HitCounter } from './window-counter.ts';

// One round trip: count the hit, start the window on the first, and say how long it still runs.
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}`;

/**
 * Fixed-window counts kept in Redis, so every server process behind one address counts together.
 * While Redis does not answer, each process falls back to counting alone (never to no limit, never
 * to refusing everyone).
 */
export class RedisWindowCounter implements HitCounter {
  private readonly redis: Redis;
  private readonly max: number;
  private readonly windowMs: number;
  private readonly prefix: string;
  private readonly fallback: WindowCounter;

  constructor(options: { redisUrl: string; prefix: string; max: number; windowMs: number }) {
    this.redis = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 500,
      lazyConnect: false,
    });
    this.redis.on('error', () => {});
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.prefix = options.prefix;
    this.fallback = new WindowCounter(options.max, options.windowMs);
  }

  async hit(key: string, now: number): Promise<number> {
    try {
      const [hits, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, this.windowMs)) as [
        number,
        number,
      ];
      return hits > this.max ? Math.max(1, Math.ceil(ttl / 1000)) : 0;
    } catch {
      return this.fallback.hitNow(key, now);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
