/**
 * Fixed-window counts per key (a client address), in this process: at most `max` hits per window.
 * Windows of keys not seen lately are dropped as new ones open, so memory stays bounded by traffic.
 */
export class WindowCounter {
  private readonly max: number;
  private readonly windowMs: number;
  private windows = new Map<string, { start: number; hits: number }>();
  private sweptAt = 0;

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /** Counts a hit; 0 when allowed, else the seconds until the key's window ends. */
  hit(key: string, now: number): number {
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
