import { describe, expect, it } from 'vitest';
import { tallyVotes, type Ballot, type Vote } from './council-vote.ts';
import { nominationPolicy } from './schema.ts';

const ballots = (...votes: Vote[]): Record<string, Ballot> =>
  Object.fromEntries(
    votes.map((vote, i) => [`p-${i}`, { vote, at: '2026-03-02T02:00:00.000Z', role: 'councilMember' }]),
  );

describe('council vote: quorum and majority as policy', () => {
  const defaults = nominationPolicy.parse({});

  it('defaults to a quorum of 2/3 of the council and more than half of those present voting yes', () => {
    // Six members: four present is exactly 2/3.
    expect(tallyVotes(ballots('yes', 'yes', 'yes', 'no'), 6, defaults)).toMatchObject({
      present: 4,
      quorumMet: true,
      approved: true,
    });
    expect(tallyVotes(ballots('yes', 'yes', 'yes'), 6, defaults)).toMatchObject({
      quorumMet: false,
      approved: false,
    });
    // Half is not a majority; an abstention counts as present, not as yes.
    expect(tallyVotes(ballots('yes', 'yes', 'no', 'abstain'), 6, defaults).approved).toBe(false);
    expect(tallyVotes({}, 6, defaults)).toMatchObject({ present: 0, quorumMet: false, approved: false });
  });

  it('a deployment may count yes votes against the whole council, or accept exactly half', () => {
    const ofCouncil = nominationPolicy.parse({
      approval: { share: { numerator: 1, denominator: 2 }, of: 'council', moreThan: false },
    });
    expect(tallyVotes(ballots('yes', 'yes', 'yes', 'no'), 6, ofCouncil).approved).toBe(true);
    expect(tallyVotes(ballots('yes', 'yes', 'no', 'no', 'no'), 6, ofCouncil).approved).toBe(false);
    const strictQuorum = nominationPolicy.parse({ quorum: { numerator: 3, denominator: 4 } });
    expect(tallyVotes(ballots('yes', 'yes', 'yes', 'yes'), 6, strictQuorum).quorumMet).toBe(false);
  });

  it('refuses a share larger than the whole', () => {
    expect(nominationPolicy.safeParse({ quorum: { numerator: 4, denominator: 3 } }).success).toBe(false);
  });
});
