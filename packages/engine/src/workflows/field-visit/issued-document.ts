import {
  issuerLines,
  personName,
  printedSignature,
  unitName,
  type DocumentModel,
  type IssueBuilder,
  type IssueInput,
} from '../../official-documents/model.ts';
import type { FieldVisitContext } from './context.ts';

const day = (on: string) => on.split('-').reverse().join('/');

/** Quyết định cử cán bộ đi cơ sở: signed when the standing committee issues the quarter's travel order. */
function travelOrder({ context, actor, on, directory }: IssueInput<FieldVisitContext>): DocumentModel | null {
  const quarter = context.quarters[String(context.quarter)];
  const trips = (quarter?.tripIds ?? []).map((id) => context.trips[id]).filter((trip) => trip !== undefined);
  if (trips.length === 0) return null;
  const issuingUnitId = actor.unitId ?? context.unitId;
  const issuer = unitName(directory, issuingUnitId, on);
  const cadre = personName(directory, context.cadreId);
  return {
    kind: 'travel-order',
    type: 'QĐ',
    issuingUnitId,
    issuerLines: issuerLines(directory, issuingUnitId, on),
    issuedOn: on,
    title: 'QUYẾT ĐỊNH',
    about: `Về việc cử cán bộ đi cơ sở quý ${context.quarter} năm ${context.year}`,
    authority: `BAN THƯỜNG VỤ ${issuer.toLocaleUpperCase('vi')}`,
    grounds: [
      'Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;',
      'Căn cứ quy định về việc cán bộ đoàn đi cơ sở;',
      'Xét kế hoạch đi cơ sở đã được phê duyệt,',
    ],
    body: [
      `Điều 1. Cử đồng chí ${cadre}, cán bộ ${issuer}, đi cơ sở theo lịch sau:`,
      ...trips.map(
        (trip) =>
          `– ${unitName(directory, trip.hostUnitId, on)}: từ ngày ${day(trip.from)} đến ngày ${day(trip.to)}; nội dung: ${trip.purpose}.`,
      ),
      'Điều 2. Đồng chí có tên tại Điều 1 báo cáo kết quả bằng văn bản sau mỗi đợt đi cơ sở.',
      'Điều 3. Văn phòng, các đơn vị liên quan và đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.',
    ],
    recipients: ['Như Điều 3;', 'Cơ sở nơi đến;', 'Lưu VP.'],
    signature: printedSignature(directory, actor, on),
  };
}

export const fieldVisitIssues: Record<string, IssueBuilder<FieldVisitContext>> = {
  ISSUE_TRAVEL_ORDER: travelOrder,
};
