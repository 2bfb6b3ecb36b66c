import type { UnitReport } from '@doanflow/client';

/**
 * Reports computed in the last minute, by unit, reach and period: an officer who looks at the
 * dashboard and then downloads the XLSX and the CSV pays for one report, not three (a province's
 * takes seconds at 1M instances). Only reused after the caller's own scope check has passed.
 */
export class ReportMemo {
  private readonly entries = new Map<string, { at: number; report: Promise<UnitReport> }>();
  private readonly ttlMs: number;
  private readonly size: number;

  constructor(ttlMs = 60_000, size = 32) {
    this.ttlMs = ttlMs;
    this.size = size;
  }

  remember(key: string, nowMs: number, compute: () => Promise<UnitReport>): Promise<UnitReport> {
    const hit = this.entries.get(key);
    if (hit && nowMs - hit.at < this.ttlMs) return hit.report;
    const report = compute();
    // A failed report is not remembered: the next request tries again.
    report.catch(() => this.entries.delete(key));
    this.entries.delete(key);
    this.entries.set(key, { at: nowMs, report });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return report;
  }
}
