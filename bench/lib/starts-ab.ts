import { cpuShare, cpuSnapshot } from './cpu.ts';
import { runStarts, type Client } from './http-load.ts';
import { ServerProcess } from './server.ts';
import { log } from './stats.ts';

/** One side of the starts A/B: a server (this checkout's or another's) and its rounds. */
interface Side {
  name: string;
  client: Client;
  server: ServerProcess;
  rounds: { perSecond: number; p99: number; cpuMsPerStart: number }[];
}

/**
 * BENCH_STARTS_AB_SERVER_DIR=/path/to/other/packages/server: starts at 16 clients on this checkout's
 * server and on that one (same database, same settings, the other idle meanwhile), alternated in
 * BENCH_AB_ROUNDS rounds: a server change's before and after under the same machine noise.
 */
export async function startsAB(
  server: ServerProcess,
  client: Client,
  otherDir: string,
  seconds: number,
  created: string[],
  quiet: (what: string) => Promise<void>,
): Promise<void> {
  const other = await ServerProcess.start(server.env, {
    serverDir: otherDir,
    logName: 'server-starts-ab.log',
  });
  try {
    const sides: Side[] = [
      { name: 'this checkout', client, server, rounds: [] },
      { name: otherDir, client: { ...client, base: other.base }, server: other, rounds: [] },
    ];
    await runStarts(sides[1]!.client, 4, 2, 300, created); // the other server's warm-up
    const rounds = Number(process.env['BENCH_AB_ROUNDS'] ?? 4);
    for (let round = 0; round < rounds; round += 1) {
      for (const side of round % 2 ? [...sides].reverse() : sides) {
        await quiet(`starts A/B round ${round + 1}, ${side.name}`);
        const before = cpuSnapshot(side.server.child?.pid);
        const level = await runStarts(side.client, 16, seconds, 30_000, created);
        const cpu = cpuShare(before, cpuSnapshot(side.server.child?.pid), level.seconds);
        const cpuMsPerStart = ((cpu['server'] ?? 0) * level.seconds * 1000) / Math.max(level.ok, 1);
        side.rounds.push({ perSecond: level.perSecond, p99: level.p99, cpuMsPerStart });
        log(
          `starts A/B round ${round + 1}, ${side.name}: ${level.perSecond.toFixed(0)}/s, p99 ${level.p99.toFixed(1)} ms, server ${cpuMsPerStart.toFixed(2)} ms CPU per start, other ${(cpu['other'] ?? 0).toFixed(2)} cores (${level.errors} errors)`,
        );
      }
    }
    for (const side of sides) {
      const mean = (pick: (r: Side['rounds'][number]) => number) =>
        side.rounds.reduce((sum, r) => sum + pick(r), 0) / Math.max(side.rounds.length, 1);
      log(
        `starts A/B mean, ${side.name}: ${mean((r) => r.perSecond).toFixed(0)}/s, p99 ${mean((r) => r.p99).toFixed(1)} ms, ${mean((r) => r.cpuMsPerStart).toFixed(2)} ms CPU per start`,
      );
    }
  } finally {
    await other.stop();
  }
}
