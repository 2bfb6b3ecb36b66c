/** Counts hits per key (a client address) in fixed windows: 0 when allowed, else seconds to wait. */
export interface HitCounter {
  hit(key: string, now: number): Promise<number>;
  close?(): Promise<void>;
}

/**
 * Fixed-window counts per key, in this process: at most `max` hits per window. Windows of keys not
 * seen lately are dropped as new ones open, so memory stays bounded by traffic. Each process counts
 * alone: the embedded (PGlite-only) server, or the fallback while Redis does not answer.
 */
export class WindowCounter implements HitCounter {
  private readonly max: number;
  private readonly windowMs: number;
  private windows = new Map<string, { start: number; hits: number }>();
  private sweptAt = 0;

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  async hit(key: string, now: number): Promise<number> {
    return this.hitNow(key, now);
  }

  hitNow(key: string, now: number): number {
    if (now - this.sweptAt > this.windowMs) {
      for (const [each, window] of this.windows)
        if (now - window.start >= this.windowMs) this.windows.delete(each);
      this.sweptAt = now;
    }
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, hits: 0 };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return window.hits > this.max ? Math.ceil((window.start + this.windowMs - now) / 1000) : 0;
  }
}
