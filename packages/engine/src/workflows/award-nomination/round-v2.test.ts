import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import { InstanceDriver, testAttachment } from '../../testing/harness.ts';
import { awardDirectory, goodBranchSecretary, outstandingBranch } from './fixture.ts';
import { awardCampaignV2 } from '../award-campaign/index.ts';
import { awardNominationV2 } from './index.ts';

/** Đợt khen thưởng v2: the council's ranked list and the round's one decision. */
const deadline = '2026-03-10T10:00:00.000Z';
const source = (instanceId: string) => ({ instanceId, workflowId: 'award-nomination', seq: 9 });
const recommended = (
  campaignId: string,
  nominationId: string,
  unitId: string,
  yes: number,
  form = outstandingBranch.id,
) => ({
  kind: 'award.recommendation',
  key: `${campaignId}:${nominationId}`,
  data: { campaignId, nominationId, awardFormId: form, nominee: { kind: 'branch', unitId }, yes, present: 6 },
  source: source(nominationId),
});

const openRound = (awardsPerForm?: Record<string, number>) =>
  new InstanceDriver(awardCampaignV2, { now: '2026-02-11T02:00:00Z', directory: awardDirectory }).start(
    'p-yen',
    {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026',
      awardForms: [outstandingBranch, goodBranchSecretary],
      quotas: { tradoc: 2, hoachau: 2, tramy: 2 },
      deadline,
      ...(awardsPerForm ? { awardsPerForm } : {}),
    },
  );

describe('v2: Hội đồng xếp thứ tự trong chỉ tiêu; một quyết định cho cả đợt', () => {
  it('the council’s recommendations ranked by yes votes within the form’s limit; one decision signed TM. lists all awardees and goes to each branch’s record', () => {
    const round = openRound({ [outstandingBranch.id]: 2 });
    const id = round.snapshot.instanceId;
    round.deliverLink('NOMINATION_RECOMMENDED', recommended(id, 'n-thon2', 'cd-thon2', 4));
    round.deliverLink('NOMINATION_RECOMMENDED', recommended(id, 'n-tayan', 'cd-kdc-tayan', 6));
    round.deliverLink('NOMINATION_RECOMMENDED', recommended(id, 'n-tdp1', 'cd-tdp1', 5));
    // Another round's recommendation is not this round's: refused, nothing written.
    expect(() =>
      round.deliverLink('NOMINATION_RECOMMENDED', recommended('other-round', 'n-x', 'cd-thon5', 6)),
    ).toThrow('the conditions for NOMINATION_RECOMMENDED are not met');
    round.fire('nominationDeadline');
    round.send('p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 3 });
    round.clock.set('2026-03-20T02:00:00Z');
    // An ordinary member of the standing committee does not sign; the Bí thư signs "TM.".
    expect(
      round.refuse('p-tuan', 'DECIDE_AWARDS', { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-20' }).code,
    ).toBe('EVENT_NOT_ALLOWED');
    round.send('p-ha', 'DECIDE_AWARDS', { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-20' });
    expect(round.state).toBe('decisionSigned');
    expect(round.last.entry.actor).toMatchObject({ personId: 'p-ha', acting: 'TM' });
    expect(
      round.context.awardees.map(
        (a: { nominationId: string; rank: number }) => `${a.rank} ${a.nominationId}`,
      ),
    ).toEqual(['1 n-tayan', '2 n-tdp1']);
    expect(round.context.decision).toMatchObject({ number: '215-QĐ/TĐTN', awardedCount: 2 });
    const links = round.last.effects.filter((effect) => effect.type === 'link');
    expect(links).toEqual([
      expect.objectContaining({
        kind: 'award.roundDecision',
        to: { unitId: 'dn' },
        deliver: [{ workflowId: 'award-nomination', event: 'ROUND_DECIDED' }],
      }),
      expect.objectContaining({
        kind: 'award',
        to: { unitId: 'cd-kdc-tayan' },
        data: expect.objectContaining({ rank: 1 }),
      }),
      expect.objectContaining({
        kind: 'award',
        to: { unitId: 'cd-tdp1' },
        data: expect.objectContaining({ rank: 2 }),
      }),
    ]);
    expect(replay(awardCampaignV2, id, round.history)).toEqual(round.snapshot);
  });

  it('a nomination the council recommends tells its round; the round’s decision awards it or not', () => {
    const decisionOf = (campaignId: string, listed: string[]) => ({
      kind: 'award.roundDecision',
      key: campaignId,
      data: {
        campaignId,
        decisionNumber: '215-QĐ/TĐTN',
        signedOn: '2026-03-20',
        signedBy: 'p-ha',
        acting: 'TM',
        awardees: listed.map((nominationId, i) => ({
          nominationId,
          rank: i + 1,
          awardFormId: outstandingBranch.id,
        })),
      },
      source: { instanceId: campaignId, workflowId: 'award-campaign', seq: 4 },
    });
    const nominated = () => {
      const d = new InstanceDriver(awardNominationV2, {
        now: '2026-02-11T02:00:00Z',
        directory: awardDirectory,
      }).start(
        'p-hieu',
        {
          campaignId: 'dot-1',
          nominatingUnitId: 'tradoc',
          awardFormId: outstandingBranch.id,
          nominee: { kind: 'branch', unitId: 'cd-thon2' },
        },
        undefined,
        {
          campaign: {
            awardingUnitId: 'dn',
            deadline,
            quota: 2,
            awardForm: outstandingBranch,
            councilSize: 6,
          },
          rating: { year: 2025, rating: 'excellent', disciplined: false },
        },
      );
      for (const kind of ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport']) {
        d.send('p-hieu', 'ADD_DOCUMENT', {}, { attachments: [testAttachment(kind)] });
      }
      d.send('p-hieu', 'SUBMIT', {}, { facts: { submittedInUnit: 0 } });
      d.send('p-yen', 'ACCEPT_DOSSIER');
      for (const voter of ['p-ha', 'p-tuan', 'p-nga', 'p-yen']) d.send(voter, 'CAST_VOTE', { vote: 'yes' });
      d.send('p-ha', 'CLOSE_VOTE');
      return d;
    };
    const d = nominated();
    expect(d.state).toBe('awaitingSignature');
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({
        type: 'link',
        kind: 'award.recommendation',
        to: { unitId: 'dn' },
        data: expect.objectContaining({ campaignId: 'dot-1', yes: 4 }),
        deliver: [{ workflowId: 'award-campaign', event: 'NOMINATION_RECOMMENDED' }],
      }),
    );
    // No decision of its own any more: the round's decision decides.
    expect(d.allowed('p-ha')).toEqual([]);
    expect(() => d.deliverLink('ROUND_DECIDED', decisionOf('dot-2', [d.snapshot.instanceId]))).toThrow(
      'the conditions for ROUND_DECIDED are not met',
    );
    d.deliverLink('ROUND_DECIDED', decisionOf('dot-1', ['someone-else', d.snapshot.instanceId]));
    expect(d.state).toBe('awarded');
    expect(d.context.decision).toMatchObject({ number: '215-QĐ/TĐTN', acting: 'TM' });
    expect(replay(awardNominationV2, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);

    const left = nominated();
    left.deliverLink('ROUND_DECIDED', decisionOf('dot-1', ['someone-else']));
    expect(left.state).toBe('notRecommended');
    expect(left.context.closingReason).toBe('notInRoundDecision');
  });
});
