import {
  issuerLines,
  personName,
  printedSignature,
  unitName,
  type DocumentAnnex,
  type DocumentModel,
  type IssueBuilder,
  type IssueInput,
} from '../../official-documents/model.ts';
import type { CampaignContext } from './machine.ts';

/**
 * Quyết định khen thưởng: one decision per round ("đợt"), signed when the standing committee signs
 * the round's decision. The list of those awarded ("danh sách kèm theo"): in v1 the round's awarded
 * nominations, instances of their own, which the server fills in; in v2 the decision's own ranked
 * list (the nominations are marked awarded only afterwards, by link).
 */
const annexTitle = 'DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG';

/** v2: the awardees as the decision lists them, best first within each form. */
function awardeesAnnex({ context, on, directory }: IssueInput<CampaignContext>): DocumentAnnex {
  return {
    title: annexTitle,
    columns: ['STT', 'Tập thể, cá nhân', 'Hình thức khen thưởng'],
    rows: (context.awardees ?? []).map((awardee, index) => [
      String(index + 1),
      awardee.nominee.kind === 'branch'
        ? unitName(directory, awardee.nominee.unitId, on)
        : personName(directory, awardee.nominee.personId),
      context.awardForms.find((form) => form.id === awardee.awardFormId)?.name ?? awardee.awardFormId,
    ]),
  };
}

function decision(input: IssueInput<CampaignContext>, annex: DocumentModel['annex']): DocumentModel {
  const { context, actor, on, directory } = input;
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
    annex,
    recipients: ['Như Điều 2;', 'Lưu VP, Hội đồng TĐKT.'],
    signature: printedSignature(directory, actor, on),
  };
}

export const campaignIssues: Record<string, IssueBuilder<CampaignContext>> = {
  SIGN_DECISION: (input) =>
    decision(input, { fill: 'awardedNominations', title: annexTitle, campaignId: input.instanceId }),
};
/** v2: the round's one decision, its list from the decision itself. */
export const campaignIssuesV2: Record<string, IssueBuilder<CampaignContext>> = {
  DECIDE_AWARDS: (input) => decision(input, awardeesAnnex(input)),
};
