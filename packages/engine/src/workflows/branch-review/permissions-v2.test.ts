import { describe, expect, it } from 'vitest';
import { InstanceDriver, testAttachment } from '../../testing/harness.ts';
import { whoMay } from '../../testing/matrix.ts';
import { evidenceTheYear, nineAm, reviewDirectory, thon2Review2026 } from './fixtures.ts';
import { branchReviewV2 } from './index.ts';

/**
 * Who may take v2's decisions on Chi đoàn thôn 2 (Đoàn xã Trà Đốc, under Thành đoàn Đà Nẵng):
 * p-hieu Bí thư Đoàn xã (TM.), p-khanh Phó Bí thư (KT.), p-linh ủy viên BTV Đoàn xã (signs nothing),
 * p-ha Bí thư Thành đoàn, p-tuan ủy viên BTV Thành đoàn, p-khoa BTV Trung ương, p-binh Bí thư chi đoàn.
 */
const people = ['p-hieu', 'p-khanh', 'p-linh', 'p-ha', 'p-tuan', 'p-khoa', 'p-binh'];
const meetingRecord = [testAttachment('meetingRecord', 'Biên bản họp Ban Thường vụ.pdf')];
const round = { goodOrBetter: 4, allBranches: 6, topRated: 0 };
const decision = (level: string) => ({
  level,
  meetingRecordNumber: '31-BB/ĐTN',
  meetingDate: '2026-12-18',
  appraisal: 'Thống nhất',
});

function reach(policy: Record<string, unknown> = {}) {
  const d = new InstanceDriver(branchReviewV2, {
    now: nineAm('2026-01-05'),
    directory: reviewDirectory,
  }).start('p-hieu', thon2Review2026, policy);
  evidenceTheYear(d);
  d.clock.set(nineAm('2026-12-10'));
  d.send('p-binh', 'SAVE_DRAFT', { proposedLevel: 'outstanding', selfAssessment: 'Xuất sắc' });
  d.send('p-binh', 'SUBMIT');
  d.clock.set(nineAm('2026-12-18'));
  return d;
}
const mayDo = (d: InstanceDriver, event: string) => whoMay(d, people, event);

describe('v2 permission matrix', () => {
  it('baseReview: the base decides — its Bí thư (TM.) or Phó Bí thư (KT.), nobody else', () => {
    const d = reach();
    expect(mayDo(d, 'DECIDE_LEVEL')).toEqual(['p-hieu', 'p-khanh']);
  });

  it('upperApproval (policy): the Bí thư of the level above approves top ratings; its ordinary members do not', () => {
    const d = reach({ upperApprovesTopRating: true });
    d.send('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), { facts: round, attachments: meetingRecord });
    expect(mayDo(d, 'APPROVE_TOP_RATING')).toEqual(['p-ha']);
    expect(mayDo(d, 'REJECT_TOP_RATING')).toEqual(['p-ha']);
  });

  it('appeal: the level above the one that decided', () => {
    const byBase = reach();
    byBase.send('p-hieu', 'DECIDE_LEVEL', decision('good'), { facts: round, attachments: meetingRecord });
    expect(mayDo(byBase, 'APPEAL')).toEqual(['p-binh']);
    byBase.send('p-binh', 'APPEAL', { grounds: 'Đề nghị xem xét' });
    expect(mayDo(byBase, 'UPHOLD_RESULT')).toEqual(expect.arrayContaining(['p-ha']));
    expect(mayDo(byBase, 'UPHOLD_RESULT')).not.toContain('p-hieu');
    expect(mayDo(byBase, 'UPHOLD_RESULT')).not.toContain('p-khoa');

    const byUpper = reach({ upperApprovesTopRating: true });
    byUpper.send('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), {
      facts: round,
      attachments: meetingRecord,
    });
    byUpper.send('p-ha', 'APPROVE_TOP_RATING', {});
    byUpper.send('p-binh', 'APPEAL', { grounds: 'Đề nghị xem xét' });
    expect(mayDo(byUpper, 'UPHOLD_RESULT')).toEqual(['p-khoa']);
  });
});
