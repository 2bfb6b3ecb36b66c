import { runDbosPeer, type PeerFigures } from './dbos-peer.ts';
import type { LevelResult } from './http-load.ts';
import { formatShare } from './cpu.ts';
import { fmt, int, log } from './stats.ts';
import { formatWal } from './wal.ts';

/** Our starts and decisions at 16 clients, and the peer's run, next to each other in time. */
export interface PeerRound {
  peerFirst: boolean;
  starts: LevelResult;
  decisions: LevelResult;
  peer: PeerFigures;
}

/** Our two levels, run by the caller on the bench's server and queue. */
export interface OurLevels {
  starts: () => Promise<LevelResult>;
  decisions: () => Promise<LevelResult>;
}

/**
 * The peer comparison in `rounds` rounds, each our starts and decisions levels and one run of the
 * peer, the order alternated. One level of each side moved by a fifth from one run to the next on
 * one host (stop 30: 539–605 decisions/s, the peer steady); a ratio of neighbours in time sees the
 * same machine noise, and the verdict takes the median round.
 */
export async function runPeerRounds(
  rounds: number,
  seconds: number,
  ours: OurLevels,
  quiet: (what: string) => Promise<void>,
): Promise<PeerRound[]> {
  const done: PeerRound[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const peerFirst = round % 2 === 1;
    const runOurs = async () => {
      await quiet(`peer round ${round + 1}: doanflow`);
      const starts = await ours.starts();
      const decisions = await ours.decisions();
      return { starts, decisions };
    };
    const runPeer = async () => {
      await quiet(`peer round ${round + 1}: the DBOS peer`);
      // One database over the rounds, as ours: both grow from round to round.
      return runDbosPeer(16, seconds, { create: round === 0, drop: round === rounds - 1 });
    };
    let peer: PeerFigures;
    let mine: Awaited<ReturnType<typeof runOurs>>;
    if (peerFirst) {
      peer = await runPeer();
      mine = await runOurs();
    } else {
      mine = await runOurs();
      peer = await runPeer();
    }
    const each: PeerRound = { peerFirst, ...mine, peer };
    done.push(each);
    const { decisions, starts } = ratios(each);
    log(
      `peer round ${round + 1}: decisions ${int(mine.decisions.perSecond)}/s against ${int(peer.decisions.perSecond)} = ${fmt(decisions, 2)}×, starts ${int(mine.starts.perSecond)}/s against ${int(peer.starts.perSecond)} = ${fmt(starts, 2)}×`,
    );
    log(`  our starts' cores: ${formatShare(mine.starts.cpu)}; ${formatWal(mine.starts.wal)}`);
    log(`  our decisions' cores: ${formatShare(mine.decisions.cpu)}; ${formatWal(mine.decisions.wal)}`);
  }
  return done;
}

/** Ours over the peer's in one round. */
export function ratios(round: PeerRound): { decisions: number; starts: number } {
  return {
    decisions: round.decisions.perSecond / round.peer.decisions.perSecond,
    starts: round.starts.perSecond / round.peer.starts.perSecond,
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
