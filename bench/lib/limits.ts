// What limits the decision targets, worked out from this run's own figures: the machine's CPU per
// decision by process against the CPU a target leaves per decision. Written with the summary, so a
// missed target says why in every run, not only in the analysis kept by hand.
import type { LevelResult } from './http-load.ts';
import type { PgbenchLevel } from './pgbench.ts';
import type { PhaseFigures } from './profile.ts';
import { fmt, int } from './stats.ts';

/** The decision targets (issue 15): throughput against pgbench, and the p99 at 16 clients. */
export const SHARE_OF_PGBENCH = 0.5;
export const P99_MS = 25;

export interface LimitInputs {
  cores: number;
  /** A 16-client decision level, with its CPU by process. */
  level: LevelResult;
  /** pgbench's faster variant at 16 clients, with the machine's CPU over it. */
  pgbench: PgbenchLevel | undefined;
  phases?: PhaseFigures;
  /** Where `level` and `pgbench` come from, as the section names it. */
  source: string;
}

/** CPU ms per decision of each process group over a level (its cores busy ÷ its decisions/s). */
function cpuPerDecision(level: LevelResult): Record<string, number> {
  const cores = level.cpu ?? {};
  const ms = (name: string) => ((cores[name] ?? 0) * 1000) / level.perSecond;
  return {
    'server (main process)': ms('server') - ms('render processes'),
    'render processes': ms('render processes'),
    PostgreSQL: ms('postgres'),
    Redis: ms('redis'),
    'load generator': ms('bench client'),
    'other work on the machine': ms('other'),
  };
}

export function limitsSection({ cores, level, pgbench, phases, source }: LimitInputs): string[] {
  if (!level.cpu || !pgbench) return [];
  const perDecision = cpuPerDecision(level);
  const busy = level.cpu['machine busy'] ?? NaN;
  const machineMs = (busy * 1000) / level.perSecond;
  const pgbenchMs = ((pgbench.cpu?.['machine busy'] ?? NaN) * 1000) / pgbench.tps;
  const target = SHARE_OF_PGBENCH * pgbench.tps;
  const cap = (cores * 1000) / machineMs;
  const budgetMs = (cores * 1000) / target;
  const withoutServer = perDecision['PostgreSQL']! + perDecision['Redis']! + perDecision['load generator']!;
  const serverMs = perDecision['server (main process)']! + perDecision['render processes']!;
  // Little's law for a closed loop: each client waits for its answer before it sends again.
  const meanMs = (level.clients * 1000) / level.perSecond;
  const spread = level.p99 / meanMs;
  const neededForP99 = (level.clients * 1000 * spread) / P99_MS;
  const bound =
    busy >= 0.85 * cores
      ? 'CPU, not waiting'
      : 'the machine had idle CPU, so waiting (locks, the render queue, the load generator) limits too';
  // pgbench runs the decision's transaction with nothing in front of it, at the same clients.
  const databaseP99 =
    pgbench.clients === level.clients
      ? ` PostgreSQL alone, running a decision's transaction as pgbench at the same ${level.clients} clients (${int(pgbench.tps)} tps), had a p99 of ${fmt(pgbench.p99)} ms${pgbench.p99 > P99_MS ? `: on this machine the database alone, one transaction per decision, misses the target before any server adds its work, so a server meets it only by costing PostgreSQL less than one transaction per decision` : ''}.`
      : '';
  const postgresVsPgbench =
    perDecision['PostgreSQL']! >= pgbenchMs
      ? ` PostgreSQL alone spends more per decision (${fmt(perDecision['PostgreSQL']!, 2)} ms: the reads, the signing step's documents, the announcements) than the whole machine per pgbench transaction.`
      : '';
  const rows = Object.entries(perDecision)
    .filter(([, ms]) => ms >= 0.005)
    .map(([name, ms]) => `| ${name} | ${fmt(ms, 2)} |`);
  const topPhases = phases
    ? Object.entries(phases.byPhase)
        .sort(([, a], [, b]) => b - a)
        .slice(0, 3)
        .map(([phase, share]) => `${phase} ${fmt((phases.serverCpuMs * share) / phases.profiledMs, 2)} ms`)
        .join(', ')
    : null;
  return [
    '### What limits the missed decision targets in this run',
    '',
    `Worked out from ${source} (${int(level.perSecond)} decisions/s, p99 ${fmt(level.p99)} ms), where the machine was ${fmt(busy, 2)} of ${cores} cores busy: ${bound}. Machine CPU per decision (each process group's cores busy ÷ decisions/s):`,
    '',
    '| process | CPU ms per decision |',
    '|---|---:|',
    ...rows,
    `| **the machine** (busy, all of it) | **${fmt(machineMs, 2)}** |`,
    '',
    `- **${SHARE_OF_PGBENCH * 100}% of pgbench** (${int(pgbench.tps)} tps, ${fmt(pgbenchMs, 2)} ms of the machine per transaction) is ${int(target)} decisions/s, which leaves ${fmt(budgetMs, 2)} ms of the ${cores} cores per decision. PostgreSQL, Redis and the load generator alone take ${fmt(withoutServer, 2)} ms of it (${fmt((100 * withoutServer) / budgetMs, 0)}%), leaving ${fmt(Math.max(0, budgetMs - withoutServer), 2)} ms for the server and its renders, which take ${fmt(serverMs, 2)} ms${topPhases ? ` (the main thread's largest phases in the profile: ${topPhases}; see CPU per decision by phase)` : ''}.${postgresVsPgbench} At this run's ${fmt(machineMs, 2)} ms per decision the ${cores} cores cap decisions at ${int(cap)}/s${cap >= target ? `, above the target: here the gap is the ${fmt(cores - busy, 2)} cores that stood idle and the other work on the machine, not the CPU a decision costs` : ''}.`,
    `- **p99 ≤ ${P99_MS} ms at ${level.clients} clients**: in a closed loop the mean latency is clients ÷ throughput = ${fmt(meanMs)} ms (Little's law), and no p99 is below the mean. Even with no spread at all it needs ${int((level.clients * 1000) / P99_MS)} decisions/s; with this run's spread (p99 = ${fmt(spread, 2)} × the mean) it needs ${int(neededForP99)}/s, ${fmt((cores * 1000) / neededForP99, 2)} ms of the machine per decision.${databaseP99}`,
    '',
  ];
}
