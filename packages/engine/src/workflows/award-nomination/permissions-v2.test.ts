import { describe, expect, it } from 'vitest';
import { InstanceDriver, testAttachment } from '../../testing/harness.ts';
import { permissionMatrix } from '../../testing/matrix.ts';
import { awardDirectory, outstandingBranch } from './fixture.ts';
import { awardNominationV2 } from './index.ts';

/**
 * Who may act on a v2 nomination of Chi đoàn thôn 2 by Đoàn xã Trà Đốc, by title: p-hieu its Bí thư
 * ("TM."), p-khanh Phó Bí thư ("KT.", or "TM." where the policy allows), p-phuong ủy viên BTV (prepares,
 * signs nothing), p-hoa BTV of another base; at Thành đoàn Đà Nẵng p-yen and p-oanh (Văn phòng,
 * council), p-ha (council chair), p-long (Phó Chủ tịch, a member of thôn 2: in conflict), p-tuan
 * (council); p-xuan every role at Trung ương (the wrong unit).
 */
const people = [
  'p-hieu',
  'p-khanh',
  'p-phuong',
  'p-hoa',
  'p-yen',
  'p-oanh',
  'p-ha',
  'p-long',
  'p-tuan',
  'p-xuan',
];
const preparing = (policy?: Record<string, unknown>) =>
  new InstanceDriver(awardNominationV2, { now: '2026-02-11T02:00:00Z', directory: awardDirectory }).start(
    'p-hieu',
    {
      campaignId: 'dot-1',
      nominatingUnitId: 'tradoc',
      awardFormId: outstandingBranch.id,
      nominee: { kind: 'branch', unitId: 'cd-thon2' },
    },
    policy,
    {
      campaign: {
        awardingUnitId: 'dn',
        deadline: '2026-03-10T10:00:00.000Z',
        quota: 2,
        awardForm: outstandingBranch,
        councilSize: 6,
      },
      rating: { year: 2025, rating: 'excellent', disciplined: false },
    },
  );
const complete = (d: InstanceDriver) => {
  for (const kind of ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport']) {
    d.send('p-phuong', 'ADD_DOCUMENT', {}, { attachments: [testAttachment(kind)] });
  }
  return d;
};
const counted = { facts: { submittedInUnit: 0 } };

describe('award nomination v2: permission matrix by title', () => {
  it('preparing: the base standing committee prepares; the tờ trình is signed by the Bí thư "TM." or a Phó Bí thư "KT."', () => {
    const d = complete(preparing());
    expect(permissionMatrix(d, people, ['ADD_DOCUMENT', 'SUBMIT'])).toEqual({
      ADD_DOCUMENT: { 'p-hieu': ['self', 'TM'], 'p-khanh': ['TM', 'KT'], 'p-phuong': ['TM'] },
      SUBMIT: { 'p-hieu': ['TM'], 'p-khanh': ['KT'] },
    });
    expect(d.refuse('p-phuong', 'SUBMIT', {}, counted).reason).toBe('role');
    // p-nga is the Bí thư of another base (Hòa Châu).
    expect(d.refuse('p-nga', 'SUBMIT', {}, counted).reason).toBe('unit');
    expect(d.refuse('p-khanh', 'SUBMIT', {}, { ...counted, acting: 'TM' }).reason).toBe('acting_form');
    d.send('p-khanh', 'SUBMIT', {}, counted);
    expect(d.last.entry.actor).toMatchObject({
      personId: 'p-khanh',
      acting: 'KT',
      signature: { heading: 'KT. BÍ THƯ', title: 'PHÓ BÍ THƯ', name: 'Bùi Ngọc Khánh' },
    });
  });

  it('where the policy allows, a Phó Bí thư signs the tờ trình "TM." for the standing committee', () => {
    const d = complete(preparing({ signing: { deputyMaySignForCommittee: true } }));
    expect(permissionMatrix(d, people, ['SUBMIT'])).toEqual({
      SUBMIT: { 'p-hieu': ['TM'], 'p-khanh': ['TM', 'KT'] },
    });
    d.send('p-khanh', 'SUBMIT', {}, { ...counted, acting: 'TM' });
    expect(d.last.entry.actor.signature).toMatchObject({ heading: 'TM. BAN THƯỜNG VỤ', title: 'PHÓ BÍ THƯ' });
  });

  it('secretariat check and council vote: the awarding unit’s Văn phòng, then its council; the nominee’s own member abstains', () => {
    const d = complete(preparing()).send('p-hieu', 'SUBMIT', {}, counted);
    expect(permissionMatrix(d, people, ['ACCEPT_DOSSIER', 'RETURN_INCOMPLETE', 'WITHDRAW'])).toEqual({
      ACCEPT_DOSSIER: { 'p-yen': ['self'], 'p-oanh': ['self'] },
      RETURN_INCOMPLETE: { 'p-yen': ['self'], 'p-oanh': ['self'] },
      WITHDRAW: { 'p-hieu': ['self', 'TM'], 'p-khanh': ['TM', 'KT'], 'p-phuong': ['TM'] },
    });
    d.send('p-yen', 'ACCEPT_DOSSIER');
    expect(permissionMatrix(d, people, ['CAST_VOTE', 'CLOSE_VOTE'])).toEqual({
      CAST_VOTE: { 'p-yen': ['self'], 'p-oanh': ['self'], 'p-ha': ['self'], 'p-tuan': ['self'] },
      CLOSE_VOTE: { 'p-ha': ['self'] },
    });
    expect(d.refuse('p-long', 'CAST_VOTE', { vote: 'yes' }).reason).toBe('conflict_of_interest');
    expect(d.refuse('p-xuan', 'CAST_VOTE', { vote: 'yes' }).reason).toBe('unit');
  });
});
