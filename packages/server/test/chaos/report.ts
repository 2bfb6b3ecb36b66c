import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `pnpm test:chaos:long` (CHAOS_LONG=1): more decisions, kills and timers. */
export const LONG = process.env['CHAOS_LONG'] === '1';

/** CHAOS_SEED replays a run's random choices (kill moments, which instances are cancelled…). */
export const SEED = Number(process.env['CHAOS_SEED'] ?? Date.now() % 1_000_000);

/** Written after every run (git-ignored). */
export const REPORT_PATH = fileURLToPath(new URL('./last-report.json', import.meta.url));

export interface ChaosReport {
  startedAt: string;
  finishedAt?: string;
  mode: 'default' | 'long';
  seed: number;
  totals?: Record<string, number>;
  scenarios: Record<string, Record<string, unknown>>;
}

export function freshReport(): ChaosReport {
  return { startedAt: new Date().toISOString(), mode: LONG ? 'long' : 'default', seed: SEED, scenarios: {} };
}

export function readReport(): ChaosReport {
  if (!existsSync(REPORT_PATH)) return freshReport();
  return JSON.parse(readFileSync(REPORT_PATH, 'utf8')) as ChaosReport;
}

/** Adds one scenario's figures (the files run one after another, so read-modify-write is safe). */
export function recordScenario(name: string, figures: Record<string, unknown>): void {
  const report = readReport();
  report.scenarios[name] = figures;
  writeFileSync(REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`);
}

/** Lateness figures from due → committed transition, in milliseconds. */
export function latenessFigures(latenessMs: number[], lateAfterMs = 1_000) {
  const sorted = [...latenessMs].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
  return {
    late: sorted.filter((ms) => ms > lateAfterMs).length,
    lateAfterMs,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    worstMs: sorted.at(-1) ?? 0,
  };
}

/** Sums over the scenarios: decisions and timers in all, the worst lateness anywhere. */
export function totals(report: ChaosReport): Record<string, number> {
  const sum = (key: string) =>
    Object.values(report.scenarios).reduce((total, figures) => total + Number(figures[key] ?? 0), 0);
  return {
    decisionsSent: sum('decisionsSent'),
    acknowledged: sum('acknowledged'),
    // Raced on purpose by the several-servers scenario: sent = acknowledged + refusedAsStale.
    refusedAsStale: sum('staleRefusals409'),
    foundExactlyOnce: sum('foundExactlyOnce'),
    duplicates: sum('duplicates'),
    missing: sum('missing'),
    kills: sum('kills'),
    timersDue: sum('timersDue'),
    timersFired: sum('timersFired'),
    timersLate: sum('lateness.late'),
    worstLatenessMs: Math.max(
      0,
      ...Object.values(report.scenarios).map((f) => Number(f['lateness.worstMs'] ?? 0)),
    ),
  };
}

/** The report as printed at the end of the run. */
export function formatReport(report: ChaosReport): string {
  const lines = [
    `doanflow durability report (${report.mode} mode, seed ${report.seed}, ${report.startedAt} → ${report.finishedAt ?? '?'})`,
    `  totals: ${Object.entries(report.totals ?? totals(report))
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}`,
  ];
  for (const [name, figures] of Object.entries(report.scenarios)) {
    lines.push(`  ${name}`);
    for (const [key, value] of Object.entries(figures)) {
      lines.push(
        `    ${key.padEnd(34)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
      );
    }
  }
  return lines.join('\n');
}
