/**
 * The least time between two announcements' statements, ms. Each is a transaction of its own in
 * PostgreSQL: sent after every group of commits, they were a third of all its transactions at 16
 * clients (issue 15, bench/RESULTS.md). Live streams in other processes see a change at most this
 * much later; an idle server's first change still leaves at once.
 */
export const ANNOUNCE_GAP_MS = 20;

/**
 * Gathers the change messages of commits into few NOTIFY statements: one on its way at a time, at
 * most one per `gapMs`, the messages that arrive meanwhile leaving together with the next. Best
 * effort, like the live streams it feeds: `send` logs its own failures.
 */
export class Announcer {
  private readonly send: (messages: string[]) => Promise<void>;
  private readonly gapMs: number;
  private waiting: string[] = [];
  private inFlight: Promise<void> | null = null;
  /** Cancels the pending send (a gap's timer or the turn's immediate), while there is one. */
  private cancelPending: (() => void) | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** Statements sent and the messages they carried (tests, measurements). */
  readonly stats = { statements: 0, messages: 0 };

  constructor(send: (messages: string[]) => Promise<void>, gapMs = ANNOUNCE_GAP_MS) {
    this.send = send;
    this.gapMs = gapMs;
  }

  announce(messages: string[]): void {
    if (messages.length === 0) return;
    this.waiting.push(...messages);
    this.schedule();
  }

  /** Sends what waits without waiting for the gap; resolves once nothing waits or is on its way. */
  async sent(): Promise<void> {
    while (this.inFlight || this.waiting.length > 0) {
      if (!this.inFlight) {
        this.cancelPending?.();
        this.cancelPending = null;
        this.flush();
      }
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.inFlight || this.cancelPending || this.waiting.length === 0) return;
    const wait = this.lastSentAt + this.gapMs - performance.now();
    // At the end of this turn at the earliest: the commits settled in it leave together. Each handle
    // is cleared by its own function: clearImmediate on a Timeout would change Node's count of
    // pending immediates.
    if (wait > 0) {
      const timer = setTimeout(() => this.fire(), wait);
      this.cancelPending = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => this.fire());
      this.cancelPending = () => clearImmediate(immediate);
    }
  }

  private fire(): void {
    this.cancelPending = null;
    if (!this.inFlight) this.flush();
  }

  private flush(): void {
    const messages = this.waiting;
    if (messages.length === 0) return;
    this.waiting = [];
    this.lastSentAt = performance.now();
    this.stats.statements += 1;
    this.stats.messages += messages.length;
    this.inFlight = this.send(messages).finally(() => {
      this.inFlight = null;
      this.schedule();
    });
  }
}
