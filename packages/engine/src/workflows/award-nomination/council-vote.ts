import type { NominationPolicy } from './schema.ts';

export type Vote = 'yes' | 'no' | 'abstain';

/** One council member's ballot, keyed by their person id in the nomination's context. */
export interface Ballot {
  vote: Vote;
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

export function tallyVotes(
  ballots: Readonly<Record<string, Ballot>>,
  councilSize: number,
  rules: Pick<NominationPolicy, 'quorum' | 'approval'>,
): VoteOutcome {
  const cast = Object.values(ballots);
  const count = (vote: Vote) => cast.filter((ballot) => ballot.vote === vote).length;
  const present = cast.length;
  const yes = count('yes');
  const quorumMet = reaches(present, councilSize, rules.quorum, false);
  const base = rules.approval.of === 'present' ? present : councilSize;
  const approved = quorumMet && yes > 0 && reaches(yes, base, rules.approval.share, rules.approval.moreThan);
  return { councilSize, present, yes, no: count('no'), abstain: count('abstain'), quorumMet, approved };
}
