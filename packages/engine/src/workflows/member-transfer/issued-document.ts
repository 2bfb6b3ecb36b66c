import { addDays, localDate } from '../../calendar/calendar.ts';
import {
  issuerLines,
  personName,
  printedSignature,
  unitName,
  type DocumentModel,
  type IssueBuilder,
  type IssueInput,
} from '../../official-documents/model.ts';
import type { TransferContext } from './machine.ts';

const kindWords: Record<TransferContext['kind'], string> = {
  permanent: 'chuyển sinh hoạt đoàn chính thức',
  temporary: 'chuyển sinh hoạt đoàn tạm thời',
  residence: 'sinh hoạt đoàn tại nơi cư trú',
};

/** Giấy giới thiệu sinh hoạt đoàn: signed when the base issues (or reissues) the referral. */
function referral({ context, actor, on, directory, at }: IssueInput<TransferContext>): DocumentModel {
  const issuingUnitId = actor.unitId ?? context.sourceBaseId ?? context.sourceBranchId;
  const member = personName(directory, context.memberId);
  const destination = unitName(directory, context.destinationBaseId, on);
  const validUntil = localDate(addDays(at, context.policy.referralValidityDays));
  return {
    kind: 'transfer-referral',
    type: 'GGT',
    issuingUnitId,
    issuerLines: issuerLines(directory, issuingUnitId, on),
    issuedOn: on,
    title: 'GIẤY GIỚI THIỆU SINH HOẠT ĐOÀN',
    about: '',
    authority: '',
    grounds: [],
    body: [
      `${unitName(directory, issuingUnitId, on)} trân trọng giới thiệu đồng chí ${member}, đoàn viên ${unitName(directory, context.sourceBranchId, on)}, đến ${destination} để ${kindWords[context.kind]}.`,
      `Lý do: ${context.reason}`,
      ...(context.duesPaidThrough
        ? [
            `Đã đóng đoàn phí đến tháng ${context.duesPaidThrough.slice(5)}/${context.duesPaidThrough.slice(0, 4)}.`,
          ]
        : []),
      `Đề nghị ${destination} tiếp nhận và tạo điều kiện để đồng chí sinh hoạt đoàn.`,
      'Giấy giới thiệu có giá trị đến hết ngày ghi dưới đây; quá hạn phải xin cấp lại.',
    ],
    recipients: ['Như trên;', 'Đồng chí có tên trên;', 'Lưu VP.'],
    signature: printedSignature(directory, actor, on),
    validUntil,
    revokesEarlier: context.referralsIssued > 1,
  };
}

export const transferIssues: Record<string, IssueBuilder<TransferContext>> = {
  ISSUE_REFERRAL: referral,
  REISSUE: referral,
};
