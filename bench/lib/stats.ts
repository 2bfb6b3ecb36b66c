/** Latencies in milliseconds, kept in a preallocated buffer (bounded). */
export class Latencies {
  private readonly values: Float64Array;
  count = 0;
  errors = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  add(ms: number): void {
    if (this.count < this.values.length) this.values[this.count++] = ms;
  }
  summary(): { n: number; p50: number; p99: number; max: number; mean: number } {
    const sorted = this.values.slice(0, this.count).sort();
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
    const sum = sorted.reduce((a, b) => a + b, 0);
    return {
      n: sorted.length,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.at(-1) ?? NaN,
      mean: sum / (sorted.length || 1),
    };
  }
}

export const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
export const int = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (message: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
/** CLOCK_MONOTONIC in µs: the clock of V8's CPU profiles in any process on this machine. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
