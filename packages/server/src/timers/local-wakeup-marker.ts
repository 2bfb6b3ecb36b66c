import type { WakeupMarker } from './wakeup-marker.ts';

/** What the reconciler and the rebuild ask of a marker. */
export type CompletenessMarker = Pick<WakeupMarker, keyof WakeupMarker>;

/**
 * The marker for BullMQ on PostgreSQL, kept in this process. Its jobs sit in the same database as
 * the timer rows: no flush or restart loses them behind our back, so only what this process sees
 * (a failed schedule) marks a loss; the start-up rebuild covers the rest. The lease only keeps two
 * rebuilds of this process apart, and lapses as in Redis should one stop without finishing.
 */
export class LocalWakeupMarker implements CompletenessMarker {
  private completeFlag = false;
  private claimToken: string | null = null;
  private claimedUntil = 0;

  async isComplete(): Promise<boolean> {
    return this.completeFlag;
  }

  async markLost(): Promise<void> {
    this.completeFlag = false;
    this.claimToken = null;
  }

  async claim(token: string, leaseMs: number, steal = false): Promise<boolean> {
    if (this.claimToken && Date.now() < this.claimedUntil && !steal) return false;
    this.claimToken = token;
    this.claimedUntil = Date.now() + leaseMs;
    return true;
  }

  async renew(token: string, leaseMs: number): Promise<boolean> {
    if (this.claimToken !== token) return false;
    this.claimedUntil = Date.now() + leaseMs;
    return true;
  }

  async complete(token: string): Promise<boolean> {
    if (this.claimToken !== token) return false;
    this.claimToken = null;
    this.completeFlag = true;
    return true;
  }
}
