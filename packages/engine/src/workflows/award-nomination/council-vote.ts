import type { NominationPolicy } from './schema.ts';

export type Vote = 'yes' | 'no' | 'abstain';

/**
 * One council member's ballot, keyed by their person id in the nomination's context. In a secret
 * ballot only that they voted is kept: the choice went into the server's ballot box.
 */
export interface Ballot {
  vote?: Vote;
  at: string;
  role: string;
}

/** The result the chair reads out when closing the vote; kept in the record for inspection. */
export interface VoteOutcome {
  councilSize: number;
  /** Members who cast a ballot (an abstention is a member present who did not vote yes). */
  present: number;
  yes: number;
  no: number;
  abstain: number;
  quorumMet: boolean;
  approved: boolean;
}

interface Share {
  numerator: number;
  denominator: number;
}

/** count/total ≥ share (or > share), in integers: 4 of 6 is exactly 2/3. */
const reaches = (count: number, total: number, share: Share, strictly: boolean) =>
  strictly
    ? count * share.denominator > total * share.numerator
    : count * share.denominator >= total * share.numerator;

/** The choices counted, without who made them (a secret ballot's box). */
export type VoteCounts = Record<Vote, number>;

export function tallyVotes(
  ballots: Readonly<Record<string, Ballot>>,
  councilSize: number,
  rules: Pick<NominationPolicy, 'quorum' | 'approval'>,
): VoteOutcome {
  const cast = Object.values(ballots);
  const count = (vote: Vote) => cast.filter((ballot) => ballot.vote === vote).length;
  return tallyCounts({ yes: count('yes'), no: count('no'), abstain: count('abstain') }, councilSize, rules);
}

export function tallyCounts(
  counts: VoteCounts,
  councilSize: number,
  rules: Pick<NominationPolicy, 'quorum' | 'approval'>,
): VoteOutcome {
  const present = counts.yes + counts.no + counts.abstain;
  const yes = counts.yes;
  const quorumMet = reaches(present, councilSize, rules.quorum, false);
  const base = rules.approval.of === 'present' ? present : councilSize;
  const approved = quorumMet && yes > 0 && reaches(yes, base, rules.approval.share, rules.approval.moreThan);
  return { councilSize, present, yes, no: counts.no, abstain: counts.abstain, quorumMet, approved };
}

/** The ballot box as the server counted it when the vote closed (facts), if it is well formed. */
export function countedBallotBox(facts: Readonly<Record<string, unknown>>): VoteCounts | null {
  const box = facts['ballotBox'] as Partial<Record<Vote, unknown>> | undefined;
  if (!box || typeof box !== 'object') return null;
  const counts: Partial<VoteCounts> = {};
  for (const vote of ['yes', 'no', 'abstain'] as const) {
    const value = box[vote];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return null;
    counts[vote] = value;
  }
  return counts as VoteCounts;
}
