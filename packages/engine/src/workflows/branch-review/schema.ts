import { z } from 'zod';
import type { Label } from '../../define-workflow.ts';
import { labelled } from '../../field-labels.ts';
import { signingPolicySchema } from '../../signing.ts';
import { classificationLabels } from './labels.ts';

/** The four classification levels (guidance 25-HD/TWĐTN-BTC), best first. */
export const classificationLevels = ['outstanding', 'good', 'completed', 'notCompleted'] as const;
export type ClassificationLevel = (typeof classificationLevels)[number];
/** "Hoàn thành xuất sắc nhiệm vụ": the level a quota limits. */
export const topLevel: ClassificationLevel = 'outstanding';

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date();
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** "MM-DD" valid in every year (no 29 February). */
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-\d{2}$/, 'expected MM-DD')
  .refine((value) => {
    const [month, day] = value.split('-').map(Number) as [number, number];
    return day >= 1 && day <= daysInMonth[month - 1]!;
  }, 'not a day of that month in every year');

export const branchReviewInput = z
  .object({
    /** The residential branch (chi đoàn khu dân cư) under review. */
    branchId: labelled(id, { vi: 'Chi đoàn', en: 'Branch' }),
    year: labelled(z.number().int().min(2000).max(2100), { vi: 'Năm đánh giá', en: 'Review year' }),
    /** The đoàn cơ sở directly above the branch. Used when the system opens the review; a base
     *  officer who opens it is authorised at the branch's real base, which then takes precedence. */
    baseId: labelled(id, { vi: 'Đoàn cơ sở', en: 'Grassroots union' }),
  })
  .strict();

export const branchReviewPolicy = z.object({
  /** Self-assessments are due on this day of the review year ("MM-DD"). */
  submissionDeadline: monthDay.default('12-15'),
  /** Reminders to the branch secretary this many days before the deadline. */
  submissionReminderDaysBefore: z.array(z.number().int().min(1).max(60)).max(5).default([7, 2]),
  /** A draft returned after the deadline is due again within this many working days. */
  resubmissionWorkingDays: z.number().int().positive().default(5),
  /** Working days the base, then the level above, have to review before the level above is told. */
  reviewWorkingDays: z.number().int().positive().default(10),
  /** Working days after publication during which the branch may appeal. */
  appealWorkingDays: z.number().int().positive().default(10),
  /** Working days to decide an appeal before the standing secretaries are told. */
  appealDecisionWorkingDays: z.number().int().positive().default(10),
  maxAppeals: z.number().int().min(0).default(1),
  /** "Có sinh hoạt đoàn": months of the year with a branch or joint meeting logged. */
  regularMeetingMinMonths: z.number().int().min(1).max(12).default(10),
  /** "Có công trình, phần việc thanh niên". */
  minYouthProjects: z.number().int().min(1).default(1),
  /** At most this share of a base's branches rated "xuất sắc" in a year… */
  topRatingMaxShare: z.number().min(0).max(1).default(0.2),
  /** …and, when set, at most this many. */
  topRatingMaxCount: z.number().int().min(0).nullable().default(null),
});

/**
 * Version 2 (guidance as practised): the base standing committee decides its branches' ratings;
 * the level above may be asked to approve only the top-rated ones; the quota of the top rating is
 * counted by the server from the round's own reviews.
 */
export const branchReviewPolicyV2 = branchReviewPolicy.extend({
  /** The "3 có" checklist blocks submission (default: reported and scored, not a gate). */
  threeHavesGate: z.boolean().default(false),
  /** The level above approves the base's "xuất sắc" ratings before they are published. */
  upperApprovesTopRating: z.boolean().default(false),
  /** What the top-rating share is a share of: branches rated "tốt" or better, or all reviewed. */
  topRatingBase: z.enum(['goodOrBetter', 'allBranches']).default('goodOrBetter'),
  /** Who signs "TM."/"KT." (signing.ts). */
  signing: signingPolicySchema,
});

/**
 * The engine sees one instance, not the base's other branches, so whoever rates a branch
 * "xuất sắc" states how many the base already has this year; the guard checks it against the
 * policy and the history keeps the figures the officer gave.
 */
const topRatingQuota = z
  .object({
    /** Branches of this base already rated "xuất sắc" this year, this one excluded. */
    grantedThisYear: labelled(z.number().int().min(0).max(10_000), {
      vi: 'Số chi đoàn đã được xếp loại Hoàn thành xuất sắc nhiệm vụ trong năm (không kể chi đoàn này)',
      en: 'Branches already rated outstanding this year (not counting this one)',
    }),
    /** Branches of this base reviewed this year. */
    branchesInBase: labelled(z.number().int().min(1).max(10_000), {
      vi: 'Tổng số chi đoàn được đánh giá, xếp loại trong năm',
      en: 'Branches reviewed this year',
    }),
  })
  .strict();
/** The field that carries the quota figures, wherever a top rating can be given. */
const quotaField = () =>
  labelled(topRatingQuota.optional(), {
    vi: 'Chỉ tiêu xếp loại Hoàn thành xuất sắc nhiệm vụ của đoàn cơ sở',
    en: 'Top-rating quota of the base',
  });

const level = (label: Label) => labelled(z.enum(classificationLevels), label, classificationLabels);
const comment = (label: Label) => z.object({ comment: labelled(text(2000), label) }).strict();
const empty = z.object({}).strict();
const heldOn = () => labelled(date, { vi: 'Ngày sinh hoạt', en: 'Meeting date' });
const meetingTopic = () => labelled(text(500), { vi: 'Nội dung sinh hoạt', en: 'Topic' });
const decisionNumber = () =>
  labelled(text(50).optional(), { vi: 'Số quyết định công nhận', en: 'Decision number' });

/** "Bí thư", "Phó Bí thư", "Ủy viên BCH" of the branch. */
const cadrePositionLabels = {
  secretary: { vi: 'Bí thư chi đoàn', en: 'Branch secretary' },
  deputySecretary: { vi: 'Phó Bí thư chi đoàn', en: 'Deputy branch secretary' },
  committeeMember: { vi: 'Ủy viên Ban Chấp hành chi đoàn', en: 'Branch committee member' },
} satisfies Record<string, Label>;

const youthProjectKindLabels = {
  project: { vi: 'Công trình thanh niên', en: 'Youth project' },
  task: { vi: 'Phần việc thanh niên', en: 'Youth task' },
} satisfies Record<string, Label>;

export const branchReviewEvents = {
  /** "Có cán bộ đoàn": the branch's elected (or appointed) cadre. */
  RECORD_CADRE: z
    .object({
      name: labelled(text(200), { vi: 'Họ và tên cán bộ', en: "Cadre's full name" }),
      personId: labelled(id.optional(), { vi: 'Mã định danh cán bộ', en: "Cadre's person ID" }),
      position: labelled(
        z.enum(['secretary', 'deputySecretary', 'committeeMember']),
        { vi: 'Chức vụ', en: 'Position' },
        cadrePositionLabels,
      ),
      since: labelled(date, { vi: 'Giữ chức vụ từ ngày', en: 'In office since' }),
    })
    .strict(),
  /** "Có sinh hoạt đoàn": the branch's monthly meeting. */
  LOG_MEETING: z
    .object({
      heldOn: heldOn(),
      topic: meetingTopic(),
      attendees: labelled(z.number().int().min(1).max(1000), {
        vi: 'Số đoàn viên tham dự',
        en: 'Members attending',
      }),
      minutesRef: labelled(text(100).optional(), { vi: 'Số biên bản sinh hoạt', en: 'Minutes reference' }),
    })
    .strict(),
  /** "1 liên kết": a joint meeting of several branches, rotating location. */
  LOG_JOINT_MEETING: z
    .object({
      heldOn: heldOn(),
      location: labelled(text(300), { vi: 'Địa điểm sinh hoạt', en: 'Location' }),
      branchCount: labelled(z.number().int().min(2).max(100), {
        vi: 'Số chi đoàn tham gia',
        en: 'Branches taking part',
      }),
      hostedByThisBranch: labelled(z.boolean(), { vi: 'Chi đoàn đăng cai', en: 'Hosted by this branch' }),
      topic: meetingTopic(),
    })
    .strict(),
  /** "2 giao": the base executive committee's briefing with branch secretaries. */
  LOG_BRIEFING: z
    .object({
      heldOn: labelled(date, { vi: 'Ngày giao ban', en: 'Briefing date' }),
      notes: labelled(text(2000), { vi: 'Nội dung giao ban', en: 'Briefing notes' }),
    })
    .strict(),
  /** "Có công trình, phần việc thanh niên". */
  LOG_YOUTH_PROJECT: z
    .object({
      name: labelled(text(300), { vi: 'Tên công trình, phần việc', en: 'Name' }),
      kind: labelled(z.enum(['project', 'task']), { vi: 'Loại', en: 'Kind' }, youthProjectKindLabels),
      startedOn: labelled(date, { vi: 'Ngày bắt đầu thực hiện', en: 'Started on' }),
      description: labelled(text(2000), { vi: 'Nội dung, quy mô', en: 'Description' }),
    })
    .strict(),
  SAVE_DRAFT: z
    .object({
      proposedLevel: level({ vi: 'Chi đoàn tự xếp loại', en: 'Self-assessed classification' }),
      selfAssessment: labelled(text(8000), { vi: 'Bản tự đánh giá', en: 'Self-assessment' }),
      shortcomings: labelled(text(4000).optional(), { vi: 'Hạn chế, khuyết điểm', en: 'Shortcomings' }),
    })
    .strict(),
  SUBMIT: empty,
  RETURN_TO_BRANCH: comment({ vi: 'Lý do trả lại', en: 'Reason for returning' }),
  PROPOSE_LEVEL: z
    .object({
      level: level({ vi: 'Mức xếp loại đề nghị', en: 'Proposed classification' }),
      /** The base standing committee's meeting record (biên bản). */
      meetingRecordNumber: labelled(text(50), {
        vi: 'Số biên bản họp Ban Thường vụ',
        en: 'Standing committee meeting record number',
      }),
      meetingDate: labelled(date, { vi: 'Ngày họp', en: 'Meeting date' }),
      appraisal: labelled(text(4000), { vi: 'Ý kiến thẩm định', en: 'Appraisal' }),
    })
    .strict(),
  APPROVE: z.object({ decisionNumber: decisionNumber(), topRatingQuota: quotaField() }).strict(),
  ADJUST_LEVEL: z
    .object({
      level: level({ vi: 'Mức xếp loại sau điều chỉnh', en: 'Adjusted classification' }),
      reason: labelled(text(2000), { vi: 'Lý do điều chỉnh', en: 'Reason for the adjustment' }),
      decisionNumber: decisionNumber(),
      topRatingQuota: quotaField(),
    })
    .strict(),
  RETURN_TO_BASE: comment({ vi: 'Lý do trả lại', en: 'Reason for returning' }),
  APPEAL: z
    .object({ grounds: labelled(text(4000), { vi: 'Nội dung kiến nghị', en: 'Grounds for the appeal' }) })
    .strict(),
  UPHOLD_RESULT: comment({ vi: 'Ý kiến trả lời kiến nghị', en: 'Reply to the appeal' }),
  AMEND_RESULT: z
    .object({
      level: level({ vi: 'Mức xếp loại sau sửa đổi', en: 'Amended classification' }),
      reason: labelled(text(2000), { vi: 'Lý do sửa đổi', en: 'Reason for the amendment' }),
      topRatingQuota: quotaField(),
    })
    .strict(),
  /** v2: the base standing committee's decision, from its meeting (biên bản). */
  DECIDE_LEVEL: z
    .object({
      level: level({ vi: 'Mức xếp loại', en: 'Classification' }),
      meetingRecordNumber: labelled(text(50), {
        vi: 'Số biên bản họp Ban Thường vụ',
        en: 'Standing committee meeting record number',
      }),
      meetingDate: labelled(date, { vi: 'Ngày họp', en: 'Meeting date' }),
      appraisal: labelled(text(4000), { vi: 'Nhận xét, đánh giá', en: 'Appraisal' }),
      decisionNumber: decisionNumber(),
    })
    .strict(),
  /** v2: the level above approves a "xuất sắc" rating (when the policy asks it to). */
  APPROVE_TOP_RATING: z.object({ decisionNumber: decisionNumber() }).strict(),
  /** v2: …or does not, and the branch is published at the level the base would otherwise give. */
  REJECT_TOP_RATING: z
    .object({
      level: labelled(
        z.enum(['good', 'completed', 'notCompleted']),
        {
          vi: 'Mức xếp loại',
          en: 'Classification',
        },
        classificationLabels,
      ),
      reason: labelled(text(2000), { vi: 'Lý do không phê duyệt', en: 'Reason' }),
    })
    .strict(),
  MONTH_END_CHECK: empty,
  SUBMISSION_REMINDER: z
    .object({
      daysBefore: labelled(z.number().int().min(1), {
        vi: 'Số ngày trước hạn',
        en: 'Days before the deadline',
      }),
    })
    .strict(),
  SUBMISSION_OVERDUE: empty,
  REVIEW_OVERDUE: empty,
  APPEAL_WINDOW_CLOSED: empty,
};

export type BranchReviewInput = z.infer<typeof branchReviewInput>;
export type BranchReviewPolicy = z.infer<typeof branchReviewPolicy>;

/** Events only one version handles. */
export const v1OnlyEvents = new Set(['PROPOSE_LEVEL', 'APPROVE', 'ADJUST_LEVEL', 'RETURN_TO_BASE']);
export const v2OnlyEvents = new Set(['DECIDE_LEVEL', 'APPROVE_TOP_RATING', 'REJECT_TOP_RATING']);
export type TopRatingQuota = z.infer<typeof topRatingQuota>;
export type BranchReviewPayload<K extends keyof typeof branchReviewEvents> = z.infer<
  (typeof branchReviewEvents)[K]
>;
