import { z } from 'zod';

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
    branchId: id,
    year: z.number().int().min(2000).max(2100),
    /** The đoàn cơ sở directly above the branch. Used when the system opens the review; a base
     *  officer who opens it is authorised at the branch's real base, which then takes precedence. */
    baseId: id,
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
 * The engine sees one instance, not the base's other branches, so whoever rates a branch
 * "xuất sắc" states how many the base already has this year; the guard checks it against the
 * policy and the history keeps the figures the officer gave.
 */
const topRatingQuota = z
  .object({
    /** Branches of this base already rated "xuất sắc" this year, this one excluded. */
    grantedThisYear: z.number().int().min(0).max(10_000),
    /** Branches of this base reviewed this year. */
    branchesInBase: z.number().int().min(1).max(10_000),
  })
  .strict();

const level = z.enum(classificationLevels);
const comment = z.object({ comment: text(2000) }).strict();
const empty = z.object({}).strict();

export const branchReviewEvents = {
  /** "Có cán bộ đoàn": the branch's elected (or appointed) cadre. */
  RECORD_CADRE: z
    .object({
      name: text(200),
      personId: id.optional(),
      position: z.enum(['secretary', 'deputySecretary', 'committeeMember']),
      since: date,
    })
    .strict(),
  /** "Có sinh hoạt đoàn": the branch's monthly meeting. */
  LOG_MEETING: z
    .object({
      heldOn: date,
      topic: text(500),
      attendees: z.number().int().min(1).max(1000),
      minutesRef: text(100).optional(),
    })
    .strict(),
  /** "1 liên kết": a joint meeting of several branches, rotating location. */
  LOG_JOINT_MEETING: z
    .object({
      heldOn: date,
      location: text(300),
      branchCount: z.number().int().min(2).max(100),
      hostedByThisBranch: z.boolean(),
      topic: text(500),
    })
    .strict(),
  /** "2 giao": the base executive committee's briefing with branch secretaries. */
  LOG_BRIEFING: z.object({ heldOn: date, notes: text(2000) }).strict(),
  /** "Có công trình, phần việc thanh niên". */
  LOG_YOUTH_PROJECT: z
    .object({
      name: text(300),
      kind: z.enum(['project', 'task']),
      startedOn: date,
      description: text(2000),
    })
    .strict(),
  SAVE_DRAFT: z
    .object({ proposedLevel: level, selfAssessment: text(8000), shortcomings: text(4000).optional() })
    .strict(),
  SUBMIT: empty,
  RETURN_TO_BRANCH: comment,
  PROPOSE_LEVEL: z
    .object({
      level,
      /** The base standing committee's meeting record (biên bản). */
      meetingRecordNumber: text(50),
      meetingDate: date,
      appraisal: text(4000),
    })
    .strict(),
  APPROVE: z
    .object({ decisionNumber: text(50).optional(), topRatingQuota: topRatingQuota.optional() })
    .strict(),
  ADJUST_LEVEL: z
    .object({
      level,
      reason: text(2000),
      decisionNumber: text(50).optional(),
      topRatingQuota: topRatingQuota.optional(),
    })
    .strict(),
  RETURN_TO_BASE: comment,
  APPEAL: z.object({ grounds: text(4000) }).strict(),
  UPHOLD_RESULT: comment,
  AMEND_RESULT: z.object({ level, reason: text(2000), topRatingQuota: topRatingQuota.optional() }).strict(),
  MONTH_END_CHECK: empty,
  SUBMISSION_REMINDER: z.object({ daysBefore: z.number().int().min(1) }).strict(),
  SUBMISSION_OVERDUE: empty,
  REVIEW_OVERDUE: empty,
  APPEAL_WINDOW_CLOSED: empty,
};

export type BranchReviewInput = z.infer<typeof branchReviewInput>;
export type BranchReviewPolicy = z.infer<typeof branchReviewPolicy>;
export type TopRatingQuota = z.infer<typeof topRatingQuota>;
export type BranchReviewPayload<K extends keyof typeof branchReviewEvents> = z.infer<
  (typeof branchReviewEvents)[K]
>;
