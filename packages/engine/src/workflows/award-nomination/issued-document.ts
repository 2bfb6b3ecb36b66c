import {
  issuerLines,
  printedSignature,
  unitName,
  type DocumentModel,
  type IssueBuilder,
  type IssueInput,
} from '../../official-documents/model.ts';
import type { CampaignContext } from './campaign-machine.ts';

/**
 * Quyết định khen thưởng: one decision per round ("đợt"), signed when the standing committee signs
 * the round's decision. The list of those awarded ("danh sách kèm theo") comes from the round's
 * awarded nominations, which are instances of their own: the server fills it in.
 */
function decision({ context, actor, on, directory, instanceId }: IssueInput<CampaignContext>): DocumentModel {
  const issuingUnitId = actor.unitId ?? context.awardingUnitId;
  const issuer = unitName(directory, issuingUnitId, on);
  const forms = context.awardForms.map((form) => form.name).join(', ');
  return {
    kind: 'award-decision',
    type: 'QĐ',
    issuingUnitId,
    issuerLines: issuerLines(directory, issuingUnitId, on),
    issuedOn: on,
    title: 'QUYẾT ĐỊNH',
    about: `Về việc khen thưởng tập thể, cá nhân trong đợt “${context.name}”`,
    authority: `BAN THƯỜNG VỤ ${issuer.toLocaleUpperCase('vi')}`,
    grounds: [
      'Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;',
      'Căn cứ Quy chế khen thưởng, kỷ luật trong tổ chức Đoàn;',
      'Xét đề nghị của Hội đồng Thi đua – Khen thưởng,',
    ],
    body: [
      `Điều 1. Tặng ${forms} cho ${context.decision?.awardedCount ?? 0} tập thể, cá nhân có tên trong danh sách kèm theo, đã có thành tích trong ${context.name}.`,
      'Điều 2. Văn phòng và các tập thể, cá nhân có tên tại Điều 1 căn cứ Quyết định thi hành.',
      'Điều 3. Quyết định có hiệu lực kể từ ngày ký.',
    ],
    annex: {
      fill: 'awardedNominations',
      title: 'DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG',
      campaignId: instanceId,
    },
    recipients: ['Như Điều 2;', 'Lưu VP, Hội đồng TĐKT.'],
    signature: printedSignature(directory, actor, on),
  };
}

export const campaignIssues: Record<string, IssueBuilder<CampaignContext>> = { SIGN_DECISION: decision };
/** v2: the round's one decision. */
export const campaignIssuesV2: Record<string, IssueBuilder<CampaignContext>> = { DECIDE_AWARDS: decision };
