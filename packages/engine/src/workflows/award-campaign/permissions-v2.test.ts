import { describe, expect, it } from 'vitest';
import { OrgDirectory } from '../../directory.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { permissionMatrix } from '../../testing/matrix.ts';
import { awardDirectory, goodBranchSecretary, outstandingBranch } from '../award-nomination/fixture.ts';
import { awardCampaignV2 } from './index.ts';

/**
 * Who may open, send and decide a v2 round of Thành đoàn Đà Nẵng, by title: p-ha Bí thư ("TM."),
 * p-long Phó Bí thư ("KT.", or "TM." where the policy allows), p-tuan ủy viên BTV and p-thanh, a
 * member of the Thường trực without a secretary's office (sign nothing), p-yen Văn phòng, p-xuan
 * every role at Trung ương (the wrong unit), p-hieu Bí thư of a base below.
 */
const directory = new OrgDirectory({
  ...awardDirectory.data,
  people: [...awardDirectory.data.people, { id: 'p-thanh', name: 'Đỗ Văn Thành', memberOf: null }],
  bindings: [
    ...awardDirectory.data.bindings,
    {
      personId: 'p-thanh',
      role: 'standingSecretary',
      unitId: 'dn',
      validFrom: '2000-01-01',
      title: 'standingMember',
    },
  ],
});
const people = ['p-ha', 'p-long', 'p-tuan', 'p-thanh', 'p-yen', 'p-xuan', 'p-hieu'];
const decision = { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-20' };

function roundInReview(policy: Record<string, unknown> = {}) {
  const d = new InstanceDriver(awardCampaignV2, { now: '2026-02-11T02:00:00Z', directory }).start(
    'p-yen',
    {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026',
      awardForms: [outstandingBranch, goodBranchSecretary],
      quotas: { tradoc: 2, hoachau: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
    },
    policy,
  );
  d.fire('nominationDeadline');
  d.send('p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 0 });
  d.clock.set('2026-03-20T02:00:00Z');
  return d;
}

describe('award campaign v2: permission matrix by title', () => {
  // Cancelling prints no document, so it is not signed by title: as in v1, the Thường trực acts "TM.".
  it('open round: the Văn phòng sends nothing before the deadline; the Thường trực may cancel', () => {
    const d = new InstanceDriver(awardCampaignV2, { now: '2026-02-11T02:00:00Z', directory }).start('p-yen', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026',
      awardForms: [outstandingBranch],
      quotas: { tradoc: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
    });
    expect(permissionMatrix(d, people, ['SEND_TO_COUNCIL', 'CANCEL'])).toEqual({
      SEND_TO_COUNCIL: {},
      CANCEL: { 'p-ha': ['TM'], 'p-long': ['KT'], 'p-thanh': ['TM'] },
    });
  });

  it('council review: the round’s decision is signed by the Bí thư "TM." or a Phó Bí thư "KT."; nobody else', () => {
    const d = roundInReview();
    expect(permissionMatrix(d, people, ['DECIDE_AWARDS'])).toEqual({
      DECIDE_AWARDS: { 'p-ha': ['TM'], 'p-long': ['KT'] },
    });
    expect(d.refuse('p-thanh', 'DECIDE_AWARDS', decision).details).toMatchObject({ reason: 'signatory' });
    expect(d.refuse('p-tuan', 'DECIDE_AWARDS', decision).details).toMatchObject({ reason: 'role' });
    expect(d.refuse('p-long', 'DECIDE_AWARDS', decision, { acting: 'TM' }).code).toBe('EVENT_NOT_ALLOWED');
    d.send('p-long', 'DECIDE_AWARDS', decision);
    expect(d.last.entry.actor).toMatchObject({
      personId: 'p-long',
      acting: 'KT',
      signature: { heading: 'KT. BÍ THƯ', title: 'PHÓ BÍ THƯ' },
    });
  });

  it('where the policy allows, a Phó Bí thư signs "TM." for the standing committee too', () => {
    const d = roundInReview({ signing: { deputyMaySignForCommittee: true } });
    expect(permissionMatrix(d, people, ['DECIDE_AWARDS'])).toEqual({
      DECIDE_AWARDS: { 'p-ha': ['TM'], 'p-long': ['TM', 'KT'] },
    });
    d.send('p-long', 'DECIDE_AWARDS', decision, { acting: 'TM' });
    expect(d.last.entry.actor.signature).toMatchObject({
      heading: 'TM. BAN THƯỜNG VỤ',
      title: 'PHÓ BÍ THƯ',
      name: 'Lê Hoàng Long',
    });
  });
});
