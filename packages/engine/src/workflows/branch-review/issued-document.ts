import {
  issuerLines,
  printedSignature,
  unitName,
  type DocumentModel,
  type IssueBuilder,
  type IssueInput,
} from '../../official-documents/model.ts';
import type { BranchReviewContext } from './context.ts';
import { classificationLabels } from './labels.ts';

/**
 * Quyết định công nhận kết quả đánh giá, xếp loại chi đoàn: signed "TM. BAN THƯỜNG VỤ" by the
 * level above the base when it approves or adjusts the base's proposal, or amends it on appeal.
 */
function decision({ context, actor, on, directory }: IssueInput<BranchReviewContext>): DocumentModel | null {
  const result = context.result;
  if (!result) return null;
  const issuingUnitId = actor.unitId ?? context.baseId;
  const issuer = unitName(directory, issuingUnitId, on);
  const branch = unitName(directory, context.branchId, on);
  const base = unitName(directory, context.baseId, on);
  const level = classificationLabels[result.level].vi;
  const proposal = context.baseProposal;
  return {
    kind: 'branch-review-decision',
    type: 'QĐ',
    issuingUnitId,
    issuerLines: issuerLines(directory, issuingUnitId, on),
    issuedOn: on,
    title: 'QUYẾT ĐỊNH',
    about: `Về việc công nhận kết quả đánh giá, xếp loại chi đoàn năm ${context.year}`,
    authority: `BAN THƯỜNG VỤ ${issuer.toLocaleUpperCase('vi')}`,
    grounds: [
      'Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh và Hướng dẫn thực hiện Điều lệ Đoàn;',
      'Căn cứ hướng dẫn đánh giá, xếp loại chất lượng tổ chức cơ sở đoàn hằng năm;',
      ...(proposal
        ? [
            `Xét đề nghị của ${base} (biên bản số ${proposal.meetingRecordNumber}, họp ngày ${proposal.meetingDate}),`,
          ]
        : []),
    ],
    body: [
      `Điều 1. Công nhận ${branch} xếp loại: ${level} năm ${context.year}.`,
      ...(result.adjustedFrom
        ? [
            `Mức xếp loại được điều chỉnh từ “${classificationLabels[result.adjustedFrom].vi}”${result.reason ? `; lý do: ${result.reason}` : ''}.`,
          ]
        : []),
      `Điều 2. Ban Thường vụ ${base} và ${branch} căn cứ Quyết định thi hành.`,
      'Điều 3. Quyết định có hiệu lực kể từ ngày ký.',
    ],
    recipients: ['Như Điều 2;', 'Lưu VP.'],
    signature: printedSignature(directory, actor, on),
    revokesEarlier: result.onAppeal,
  };
}

export const branchReviewIssues: Record<string, IssueBuilder<BranchReviewContext>> = {
  APPROVE: decision,
  ADJUST_LEVEL: decision,
  AMEND_RESULT: decision,
};

/** v2: the base committee's decision (held for the level above when a top rating needs approval). */
export const branchReviewIssuesV2: Record<string, IssueBuilder<BranchReviewContext>> = {
  DECIDE_LEVEL: decision,
  APPROVE_TOP_RATING: decision,
  REJECT_TOP_RATING: decision,
  AMEND_RESULT: decision,
};
