import { describe, expect, it } from 'vitest';
import type { Effect } from '../effects.ts';
import { InstanceDriver } from '../testing/harness.ts';
import {
  awardDirectory,
  goodBranchSecretary,
  outstandingBranch,
} from '../workflows/award-nomination/fixture.ts';
import { awardCampaignV2 } from '../workflows/award-campaign/index.ts';
import { awardCampaignV1 as awardCampaign, memberTransfer } from '../workflows/index.ts';
import {
  evidenceTheYear,
  nineAm,
  openReview,
  withMeetingRecord,
} from '../workflows/branch-review/fixtures.ts';
import { reach } from '../workflows/field-visit/fixtures.ts';
import { vietnameseDate, type DocumentModel } from './model.ts';

const issued = (effects: readonly Effect[]): DocumentModel[] =>
  effects.flatMap((effect) => (effect.type === 'document.issue' ? [effect.document] : []));

const transfer = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };

describe('văn bản đi: the signing step emits the document model', () => {
  it('giấy giới thiệu: KT. signature, valid 30 days; a reissue revokes the earlier one', () => {
    const d = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00.000Z' }).start('p-an', transfer);
    d.send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    expect(issued(d.last.effects)).toEqual([]);
    d.send(
      'p-khanh',
      'ISSUE_REFERRAL',
      { referralNumber: '12/GGT', issuedOn: '2026-03-02' },
      { acting: 'KT' },
    );
    const [referral] = issued(d.last.effects);
    expect(referral).toMatchObject({
      kind: 'transfer-referral',
      type: 'GGT',
      issuingUnitId: 'tradoc',
      issuedOn: '2026-03-02',
      validUntil: '2026-04-01',
      revokesEarlier: false,
      signature: { heading: 'KT. BÍ THƯ', title: 'PHÓ BÍ THƯ', personId: 'p-khanh' },
    });
    expect(referral!.body.join(' ')).toContain('Chuyển nơi làm việc về Đà Nẵng');
    expect(referral!.issuerLines.at(-1)).toMatch(/^BCH ĐOÀN/);

    d.fire('referralValidity');
    d.send('p-hieu', 'REISSUE', { referralNumber: '9/GGT', issuedOn: '2026-04-01' });
    expect(issued(d.last.effects)).toEqual([expect.objectContaining({ revokesEarlier: true })]);
  });

  it('quyết định khen thưởng: one per round, its list left for the server to fill', () => {
    const d = new InstanceDriver(awardCampaign, {
      now: '2026-03-27T02:00:00.000Z',
      directory: awardDirectory,
    });
    d.start('p-yen', {
      awardingUnitId: 'dn',
      name: 'Xét khen thưởng chào mừng 95 năm Ngày thành lập Đoàn',
      awardForms: [outstandingBranch, goodBranchSecretary],
      quotas: { tradoc: 2 },
      deadline: '2026-04-17T17:00:00+07:00',
    });
    d.fire('nominationDeadline');
    d.clock.set('2026-04-20T02:00:00.000Z');
    d.send('p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 5 });
    d.clock.set('2026-05-08T02:00:00.000Z');
    d.send('p-ha', 'SIGN_DECISION', {
      decisionNumber: '150-QĐ/TĐTN',
      signedOn: '2026-05-08',
      awardedCount: 4,
    });
    const documents = issued(d.last.effects);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      kind: 'award-decision',
      type: 'QĐ',
      issuingUnitId: 'dn',
      title: 'QUYẾT ĐỊNH',
      signature: { heading: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', personId: 'p-ha' },
      annex: { fill: 'awardedNominations', campaignId: d.snapshot.instanceId },
    });
  });

  it('quyết định khen thưởng v2: the decision’s ranked list is the danh sách kèm theo', () => {
    const d = new InstanceDriver(awardCampaignV2, {
      now: '2026-02-11T02:00:00.000Z',
      directory: awardDirectory,
    });
    d.start('p-yen', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026',
      awardForms: [outstandingBranch, goodBranchSecretary],
      quotas: { tradoc: 2, hoachau: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
      awardsPerForm: { [outstandingBranch.id]: 1 },
    });
    const campaignId = d.snapshot.instanceId;
    const recommend = (nominationId: string, awardFormId: string, nominee: object, yes: number) =>
      d.deliverLink('NOMINATION_RECOMMENDED', {
        kind: 'award.recommendation',
        key: `${campaignId}:${nominationId}`,
        data: { campaignId, nominationId, awardFormId, nominee, yes, present: 6 },
        source: { instanceId: nominationId, workflowId: 'award-nomination', seq: 9 },
      });
    recommend('n-thon2', outstandingBranch.id, { kind: 'branch', unitId: 'cd-thon2' }, 6);
    // Over the form's limit of one: not in the decision, not on the list.
    recommend('n-tayan', outstandingBranch.id, { kind: 'branch', unitId: 'cd-kdc-tayan' }, 4);
    recommend('n-an', goodBranchSecretary.id, { kind: 'person', personId: 'p-an' }, 5);
    d.fire('nominationDeadline');
    d.send('p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 3 });
    d.clock.set('2026-03-20T02:00:00.000Z');
    d.send('p-ha', 'DECIDE_AWARDS', { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-20' });
    const documents = issued(d.last.effects);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      kind: 'award-decision',
      issuingUnitId: 'dn',
      signature: { heading: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', personId: 'p-ha' },
      annex: {
        title: 'DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG',
        columns: ['STT', 'Tập thể, cá nhân', 'Hình thức khen thưởng'],
        rows: [
          ['1', 'Chi đoàn thôn 2', outstandingBranch.name],
          ['2', 'Nguyễn Văn An', goodBranchSecretary.name],
        ],
      },
    });
    expect(documents[0]!.body[0]).toContain('cho 2 tập thể, cá nhân');
  });

  it('quyết định công nhận xếp loại chi đoàn when the level above approves the proposal', () => {
    const d = evidenceTheYear(openReview(nineAm('2026-01-05')));
    d.clock.set(nineAm('2026-11-02'));
    d.send('p-binh', 'SAVE_DRAFT', {
      proposedLevel: 'good',
      selfAssessment: 'Duy trì sinh hoạt hằng tháng, có công trình thanh niên',
    });
    d.send('p-binh', 'SUBMIT');
    d.send(
      'p-hieu',
      'PROPOSE_LEVEL',
      {
        level: 'good',
        meetingRecordNumber: '24-BB/ĐTN',
        meetingDate: '2026-11-02',
        appraisal: 'Thống nhất đề nghị',
      },
      withMeetingRecord(),
    );
    expect(issued(d.last.effects)).toEqual([]);
    d.send('p-ha', 'APPROVE');
    const [decision] = issued(d.last.effects);
    expect(decision).toMatchObject({
      kind: 'branch-review-decision',
      type: 'QĐ',
      issuingUnitId: 'dn',
      title: 'QUYẾT ĐỊNH',
    });
    expect(decision!.body[0]).toContain('Hoàn thành tốt nhiệm vụ năm 2026');
    expect(decision!.grounds.join(' ')).toContain('biên bản số 24-BB/ĐTN');
  });

  it('quyết định cử cán bộ đi cơ sở lists the quarter’s trips', () => {
    const d = reach('scheduled');
    const [order] = issued(d.last.effects);
    expect(order).toMatchObject({
      kind: 'travel-order',
      type: 'QĐ',
      about: 'Về việc cử cán bộ đi cơ sở quý 2 năm 2026',
    });
    expect(order!.body.some((line) => line.includes('từ ngày 21/04/2026 đến ngày 24/04/2026'))).toBe(true);
  });

  it('dates as Nghị định 30 writes them', () => {
    expect(vietnameseDate('2026-12-02')).toBe('ngày 02 tháng 12 năm 2026');
    expect(vietnameseDate('2026-02-09')).toBe('ngày 09 tháng 02 năm 2026');
    expect(vietnameseDate('2026-05-18')).toBe('ngày 18 tháng 5 năm 2026');
  });
});
