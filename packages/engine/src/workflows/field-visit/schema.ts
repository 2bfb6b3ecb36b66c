import { z } from 'zod';
import type { Label } from '../../define-workflow.ts';
import { labelled } from '../../field-labels.ts';

/** What a cadre goes to a grassroots unit for (seed 003, Bắc Trà My). */
export const visitContents = [
  'thematicSurvey', // khảo sát chuyên đề
  'coHostActivity', // cùng cơ sở đăng cai tổ chức hoạt động
  'branchMeeting', // dự sinh hoạt chi đoàn
  'memberSituation', // nắm tình hình ĐVTN, công nhân
  'thematicInspection', // kiểm tra chuyên đề
  'inspectionTeam', // tham gia đoàn kiểm tra
] as const;

/** Grounds on which a cadre is exempted from the year's field-visit quota. */
export const exemptionGrounds = ['study', 'sickLeave', 'maternityLeave'] as const;

/** How the head of department rates a visit: a criterion in the cadre's own review. */
export const visitQualities = ['good', 'fair', 'average', 'poor'] as const;

const visitContentLabels: Record<VisitContent, Label> = {
  thematicSurvey: { vi: 'Khảo sát chuyên đề', en: 'Thematic survey' },
  coHostActivity: { vi: 'Cùng cơ sở tổ chức hoạt động', en: 'Co-hosting an activity' },
  branchMeeting: { vi: 'Dự sinh hoạt chi đoàn', en: 'Attending a branch meeting' },
  memberSituation: {
    vi: 'Nắm tình hình đoàn viên, thanh niên, công nhân',
    en: 'Learning the situation of members, youth and workers',
  },
  thematicInspection: { vi: 'Kiểm tra chuyên đề', en: 'Thematic inspection' },
  inspectionTeam: { vi: 'Tham gia đoàn kiểm tra', en: 'Joining an inspection team' },
};

const exemptionGroundLabels: Record<ExemptionGround, Label> = {
  study: { vi: 'Đi học tập trung dài hạn', en: 'Long full-time study' },
  sickLeave: { vi: 'Nghỉ ốm dài ngày', en: 'Long sick leave' },
  maternityLeave: { vi: 'Nghỉ thai sản', en: 'Maternity leave' },
};

export const visitQualityLabels: Record<VisitQuality, Label> = {
  good: { vi: 'Tốt', en: 'Good' },
  fair: { vi: 'Khá', en: 'Fair' },
  average: { vi: 'Trung bình', en: 'Average' },
  poor: { vi: 'Yếu', en: 'Poor' },
};

const id = z.string().trim().min(1).max(64);
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const fromDate = () => labelled(date, { vi: 'Từ ngày', en: 'From' });
const toDate = () => labelled(date, { vi: 'Đến ngày', en: 'To' });

export const fieldVisitInput = z.strictObject({
  /** The cadre (cán bộ chuyên trách) the year is about. */
  cadreId: labelled(id, { vi: 'Cán bộ chuyên trách', en: 'Full-time cadre' }),
  /** The union body the cadre works at; its department head and standing secretaries decide. */
  unitId: labelled(id, { vi: 'Cơ quan đoàn công tác', en: "Cadre's union body" }),
  year: labelled(z.number().int().min(2000).max(2100), { vi: 'Năm thực hiện', en: 'Year' }),
});

/** The policy's fields, shared by every version (v2 changes a default and adds some). */
export const fieldVisitPolicyFields = {
  /** Days a year at grassroots units: 60 ("2 tháng/năm"), some provinces 30. */
  yearlyQuotaDays: z.number().int().positive().max(366).default(60),
  /** The cadre is reminded when no plan is registered after this day of the quarter. */
  planReminderDay: z.number().int().positive().max(90).default(10),
  /** The department head is alerted when no plan is registered after this day of the quarter. */
  planEscalationDay: z.number().int().positive().max(90).default(15),
  /** The report is due this many days after the last day on site. */
  reportDueDays: z.number().int().positive().max(60).default(10),
  /** Working days by default: a trip that ends before a holiday does not lose the holiday. */
  reportDueCounting: z.enum(['workingDays', 'calendarDays']).default('workingDays'),
  /** Study leave exempts only when it lasts at least this many months. */
  studyExemptionMinMonths: z.number().int().min(0).max(12).default(6),
};

export const escalationAfterReminder = <
  T extends z.ZodType<{ planEscalationDay: number; planReminderDay: number }>,
>(
  schema: T,
) =>
  schema.refine((policy) => policy.planEscalationDay > policy.planReminderDay, {
    message: 'the escalation must come after the reminder',
    path: ['planEscalationDay'],
  });

export const fieldVisitPolicy = escalationAfterReminder(z.object(fieldVisitPolicyFields));

export const planItem = z
  .strictObject({
    /** The grassroots unit that hosts the visit. */
    hostUnitId: labelled(id, { vi: 'Cơ sở đến công tác', en: 'Host unit' }),
    from: fromDate(),
    to: toDate(),
    content: labelled(
      z.enum(visitContents),
      { vi: 'Nội dung đi cơ sở', en: 'Kind of visit' },
      visitContentLabels,
    ),
    /** What exactly the cadre will do there. */
    purpose: labelled(text(1000), { vi: 'Công việc cụ thể', en: 'Purpose' }),
  })
  .refine((item) => item.from <= item.to, {
    message: 'a visit ends on or after its first day',
    path: ['to'],
  });

const overlapping = (items: readonly { from: string; to: string }[]) => {
  const sorted = [...items].sort((a, b) => (a.from < b.from ? -1 : 1));
  return sorted.some((item, i) => i > 0 && item.from <= sorted[i - 1]!.to);
};

const reason = (label: Label) => z.strictObject({ reason: labelled(text(2000), label) });
const comment = (label: Label) => z.strictObject({ comment: labelled(text(2000), label) });
const empty = z.strictObject({});

export const fieldVisitEvents = {
  SUBMIT_PLAN: z.strictObject({
    // One cadre cannot be at two units at once: visits in a plan do not overlap.
    items: labelled(
      z
        .array(planItem)
        .min(1)
        .max(20)
        .refine((items) => !overlapping(items), { message: 'planned visits overlap' }),
      { vi: 'Các đợt đi cơ sở trong quý', en: 'Visits planned this quarter' },
    ),
  }),
  APPROVE_PLAN: empty,
  RETURN_PLAN: comment({ vi: 'Ý kiến của Trưởng ban', en: "Department head's comment" }),
  ISSUE_TRAVEL_ORDER: z.strictObject({
    /** Số quyết định cử cán bộ đi cơ sở. */
    orderNumber: labelled(text(50), { vi: 'Số quyết định cử cán bộ đi cơ sở', en: 'Travel order number' }),
    issuedOn: labelled(date, { vi: 'Ngày ký quyết định', en: 'Issued on' }),
  }),
  HOST_CONFIRM: empty,
  HOST_DECLINE: reason({ vi: 'Lý do cơ sở không tiếp đón', en: 'Reason for declining' }),
  CANCEL_TRIP: reason({ vi: 'Lý do hủy đợt đi cơ sở', en: 'Reason for cancelling' }),
  /** "Đi trước": a visit before the activity to guide and help prepare it. */
  LOG_PREPARATION: z.strictObject({
    visitedOn: labelled(date, { vi: 'Ngày đi trước', en: 'Preparation visit on' }),
    notes: labelled(text(2000), { vi: 'Nội dung hướng dẫn, giúp cơ sở chuẩn bị', en: 'Guidance given' }),
  }),
  START_VISIT: z.strictObject({ arrivedOn: labelled(date, { vi: 'Ngày đến cơ sở', en: 'Arrived on' }) }),
  END_VISIT: z.strictObject({
    lastDay: labelled(date, { vi: 'Ngày cuối tại cơ sở', en: 'Last day on site' }),
  }),
  /** "Về sau": the evaluation held with the host after the activity, and the lessons drawn. */
  SUBMIT_REPORT: z.strictObject({
    evaluatedWithHostOn: labelled(date, { vi: 'Ngày đánh giá cùng cơ sở', en: 'Evaluated with the host on' }),
    results: labelled(text(4000), { vi: 'Kết quả đi cơ sở', en: 'Results' }),
    lessons: labelled(text(4000), { vi: 'Bài học kinh nghiệm', en: 'Lessons learnt' }),
    /** Problems the standing committee should raise with the party committee. */
    findingsForPartyCommittee: labelled(text(4000).optional(), {
      vi: 'Vấn đề kiến nghị cấp ủy',
      en: 'Findings for the party committee',
    }),
  }),
  ACCEPT_REPORT: z.strictObject({
    quality: labelled(
      z.enum(visitQualities),
      { vi: 'Chất lượng đi cơ sở', en: 'Quality of the visit' },
      visitQualityLabels,
    ),
  }),
  RETURN_REPORT: comment({ vi: 'Ý kiến của Trưởng ban', en: "Department head's comment" }),
  REQUEST_EXEMPTION: z
    .strictObject({
      ground: labelled(
        z.enum(exemptionGrounds),
        { vi: 'Lý do miễn', en: 'Ground for exemption' },
        exemptionGroundLabels,
      ),
      from: fromDate(),
      to: toDate(),
      details: labelled(text(2000), { vi: 'Thông tin cụ thể', en: 'Details' }),
    })
    .refine((request) => request.from <= request.to, {
      message: 'the period ends on or after it starts',
      path: ['to'],
    }),
  GRANT_EXEMPTION: z.strictObject({
    decisionNumber: labelled(text(50), {
      vi: 'Số quyết định miễn đi cơ sở',
      en: 'Exemption decision number',
    }),
  }),
  REFUSE_EXEMPTION: reason({ vi: 'Lý do không đồng ý miễn', en: 'Reason for refusing' }),
  QUARTER_OPENED: empty,
  PLAN_REMINDER: empty,
  PLAN_OVERDUE: empty,
  REPORT_OVERDUE: empty,
  YEAR_ENDED: empty,
};

export type FieldVisitInput = z.infer<typeof fieldVisitInput>;
export type FieldVisitPolicy = z.infer<typeof fieldVisitPolicy>;
export type PlanItem = z.infer<typeof planItem>;
export type VisitContent = (typeof visitContents)[number];
export type ExemptionGround = (typeof exemptionGrounds)[number];
export type VisitQuality = (typeof visitQualities)[number];
export type FieldVisitPayload<K extends keyof typeof fieldVisitEvents> = z.infer<
  (typeof fieldVisitEvents)[K]
>;
