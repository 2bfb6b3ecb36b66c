import { z } from 'zod';

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

const id = z.string().trim().min(1).max(64);
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const fieldVisitInput = z.strictObject({
  /** The cadre (cán bộ chuyên trách) the year is about. */
  cadreId: id,
  /** The union body the cadre works at; its department head and standing secretaries decide. */
  unitId: id,
  year: z.number().int().min(2000).max(2100),
});

export const fieldVisitPolicy = z
  .object({
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
  })
  .refine((policy) => policy.planEscalationDay > policy.planReminderDay, {
    message: 'the escalation must come after the reminder',
    path: ['planEscalationDay'],
  });

export const planItem = z
  .strictObject({
    /** The grassroots unit that hosts the visit. */
    hostUnitId: id,
    from: date,
    to: date,
    content: z.enum(visitContents),
    /** What exactly the cadre will do there. */
    purpose: text(1000),
  })
  .refine((item) => item.from <= item.to, {
    message: 'a visit ends on or after its first day',
    path: ['to'],
  });

const overlapping = (items: readonly { from: string; to: string }[]) => {
  const sorted = [...items].sort((a, b) => (a.from < b.from ? -1 : 1));
  return sorted.some((item, i) => i > 0 && item.from <= sorted[i - 1]!.to);
};

const reason = z.strictObject({ reason: text(2000) });
const comment = z.strictObject({ comment: text(2000) });
const empty = z.strictObject({});

export const fieldVisitEvents = {
  SUBMIT_PLAN: z.strictObject({
    // One cadre cannot be at two units at once: visits in a plan do not overlap.
    items: z
      .array(planItem)
      .min(1)
      .max(20)
      .refine((items) => !overlapping(items), { message: 'planned visits overlap' }),
  }),
  APPROVE_PLAN: empty,
  RETURN_PLAN: comment,
  ISSUE_TRAVEL_ORDER: z.strictObject({
    /** Số quyết định cử cán bộ đi cơ sở. */
    orderNumber: text(50),
    issuedOn: date,
  }),
  HOST_CONFIRM: empty,
  HOST_DECLINE: reason,
  CANCEL_TRIP: reason,
  /** "Đi trước": a visit before the activity to guide and help prepare it. */
  LOG_PREPARATION: z.strictObject({ visitedOn: date, notes: text(2000) }),
  START_VISIT: z.strictObject({ arrivedOn: date }),
  END_VISIT: z.strictObject({ lastDay: date }),
  /** "Về sau": the evaluation held with the host after the activity, and the lessons drawn. */
  SUBMIT_REPORT: z.strictObject({
    evaluatedWithHostOn: date,
    results: text(4000),
    lessons: text(4000),
    /** Problems the standing committee should raise with the party committee. */
    findingsForPartyCommittee: text(4000).optional(),
  }),
  ACCEPT_REPORT: z.strictObject({ quality: z.enum(visitQualities) }),
  RETURN_REPORT: comment,
  REQUEST_EXEMPTION: z
    .strictObject({
      ground: z.enum(exemptionGrounds),
      from: date,
      to: date,
      details: text(2000),
    })
    .refine((request) => request.from <= request.to, {
      message: 'the period ends on or after it starts',
      path: ['to'],
    }),
  GRANT_EXEMPTION: z.strictObject({ decisionNumber: text(50) }),
  REFUSE_EXEMPTION: reason,
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
