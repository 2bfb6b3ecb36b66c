import type { Clock } from '@doanflow/engine';

/**
 * The real clock, except while demo data is seeded: then it stands at instants in the past, so
 * the seeded instances have a believable history and some deadlines already behind them.
 */
export class TravelClock implements Clock {
  private fixed: Date | null = null;
  readonly realNow: () => Date;

  /** `realNow` is injectable so tests can seed as if on any date. */
  constructor(realNow: () => Date = () => new Date()) {
    this.realNow = realNow;
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed) : this.realNow();
  }

  travelTo(instant: Date): void {
    this.fixed = new Date(instant);
  }

  backToNow(): void {
    this.fixed = null;
  }
}
