import type { Redis } from 'ioredis';

// Sets "complete" only if this rebuild still holds the claim: a loss noticed meanwhile (which
// deletes both keys) or a newer rebuild (which replaced the claim) makes it start over.
const COMPLETE_IF_CLAIMED = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

const RENEW_IF_CLAIMED = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/**
 * Two keys beside the wake-ups in Redis. "complete" says every pending timer row has its wake-up:
 * a flushed or restarted Redis loses it with the jobs, so one EXISTS notices the loss. "rebuilding"
 * is a lease held by the process re-adding them, so several servers do not all rebuild at once.
 */
export class WakeupMarker {
  private readonly redis: Redis;
  private readonly completeKey: string;
  private readonly claimKey: string;

  constructor(redis: Redis, key: (name: string) => string) {
    this.redis = redis;
    this.completeKey = key('wakeups:complete');
    this.claimKey = key('wakeups:rebuilding');
  }

  async isComplete(): Promise<boolean> {
    return (await this.redis.exists(this.completeKey)) === 1;
  }

  /** Some wake-up may be missing: the next check starts a rebuild, a running one will not finish as complete. */
  async markLost(): Promise<void> {
    await this.redis.del(this.completeKey, this.claimKey);
  }

  /** Takes the lease unless another rebuild holds it; `steal` takes it anyway (that one then stops). */
  async claim(token: string, leaseMs: number, steal = false): Promise<boolean> {
    const answer = steal
      ? await this.redis.set(this.claimKey, token, 'PX', leaseMs)
      : await this.redis.set(this.claimKey, token, 'PX', leaseMs, 'NX');
    return answer === 'OK';
  }

  /** Extends the lease; false when this rebuild no longer holds it. */
  async renew(token: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW_IF_CLAIMED, 1, this.claimKey, token, leaseMs)) === 1;
  }

  async complete(token: string): Promise<boolean> {
    const at = new Date().toISOString();
    return (await this.redis.eval(COMPLETE_IF_CLAIMED, 2, this.claimKey, this.completeKey, token, at)) === 1;
  }
}
