// Issue 15's first target, decisions ≥ 50% of pgbench at 16 clients, judged on rounds alternated
// with pgbench (pgbench.ts, alternatedRounds) when the run has them: the median round.
import { formatShare } from './cpu.ts';
import { SHARE_OF_PGBENCH } from './limits.ts';
import type { PgbenchRound } from './pgbench.ts';
import { fmt, int } from './stats.ts';

export const roundRatio = (round: PgbenchRound) => round.decisions.perSecond / round.pgbench.tps;

/** The round whose ratio is the median (the lower of the two middle ones for an even count). */
export function medianRound(rounds: readonly PgbenchRound[]): PgbenchRound | undefined {
  const sorted = [...rounds].sort((a, b) => roundRatio(a) - roundRatio(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function pgbenchRoundsMet(rounds: readonly PgbenchRound[]): boolean {
  const median = medianRound(rounds);
  return median !== undefined && roundRatio(median) >= SHARE_OF_PGBENCH;
}

/** The summary's figure: the median round, each round's ratio, and the first levels beside it. */
export function pgbenchRoundsFigure(rounds: readonly PgbenchRound[], first: string): string {
  const median = medianRound(rounds)!;
  const list = rounds.map((round) => `${fmt(100 * roundRatio(round), 0)}%`).join(', ');
  return `${fmt(100 * roundRatio(median), 0)}% in the median of ${rounds.length} alternated rounds (${list}): ${int(median.decisions.perSecond)}/s against ${int(median.pgbench.tps)} tps; the first levels: ${first}`;
}

export function pgbenchRoundsSection(
  rounds: readonly PgbenchRound[],
  seconds: string | number | undefined,
): string[] {
  return [
    '## Decisions and pgbench alternated',
    '',
    `The host's speed moves by a third within minutes, and pgbench's levels run minutes after the decision levels. So the ratio is judged in ${rounds.length} rounds after pgbench's levels: in each, our decisions at 16 clients (${seconds} s, on the bench's server and database) and pgbench's faster variant at 16 clients (${seconds} s), the order alternated. The summary's verdict is the median round.`,
    '',
    '| round | first | decisions/s (p99 ms) | pgbench tps (p99 ms) | ratio | our cores busy | pgbench cores busy |',
    '|---:|---|---:|---:|---:|---|---|',
    ...rounds.map(
      (round, index) =>
        `| ${index + 1} | ${round.pgbenchFirst ? 'pgbench' : 'doanflow'} | ${int(round.decisions.perSecond)} (${fmt(round.decisions.p99)}) | ${int(round.pgbench.tps)} (${fmt(round.pgbench.p99)}) | ${fmt(100 * roundRatio(round), 0)}% | ${formatShare(round.decisions.cpu)} | ${formatShare(round.pgbench.cpu)} |`,
    ),
    '',
  ];
}
