import { z } from 'zod';

export const transferKinds = ['permanent', 'temporary', 'residence'] as const;

export const transferInput = z
  .object({
    memberId: z.string().min(1),
    /** permanent: the file moves; temporary: hosted, the home unit keeps the file;
     *  residence: takes part where they live, the residence branch comments at year end. */
    kind: z.enum(transferKinds),
    sourceBranchId: z.string().min(1),
    destinationBaseId: z.string().min(1),
    reason: z.string().trim().min(1).max(2000),
    /** A cadre's referral must be signed by the secretary (or a deputy, "KT."). */
    memberIsCadre: z.boolean().default(false),
    /** Residence variant: registered at the residence since this date. */
    residenceSince: z.iso.date().optional(),
    /** Temporary variant: expected end of the stay. */
    until: z.iso.date().optional(),
  })
  .refine((input) => input.kind !== 'residence' || input.residenceSince, {
    message: 'a residence participation needs the date the member registered there',
    path: ['residenceSince'],
  })
  .refine((input) => input.kind !== 'temporary' || input.until, {
    message: 'a temporary transfer needs its expected end date',
    path: ['until'],
  });

export const transferPolicy = z.object({
  /** Days a referral stays valid (chuyển sinh hoạt: 30 days). */
  referralValidityDays: z.number().int().positive().default(30),
  /** Working days for the receiving base before the level above is asked to act. */
  destinationResponseWorkingDays: z.number().int().positive().default(5),
  /** Days after which a branch assignment counts as acknowledged. */
  acknowledgementDays: z.number().int().positive().default(7),
  /** Months registered at a residence before taking part there. */
  residenceMinMonths: z.number().int().min(0).default(6),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const reason = z.object({ reason: z.string().trim().min(1).max(2000) });
const empty = z.object({}).strict();

export const transferEvents = {
  SUBMIT: empty,
  WITHDRAW: empty,
  CONFIRM: z.object({
    /** Dues collected up to this month (thu đoàn phí đến tháng). */
    duesPaidThrough: month,
    /** The comment written in the member book (nhận xét vào sổ đoàn viên). */
    memberBookComment: z.string().trim().min(1).max(2000),
  }),
  REJECT: reason,
  ISSUE_REFERRAL: z.object({
    referralNumber: z.string().trim().min(1).max(50),
    issuedOn: z.iso.date(),
  }),
  RETURN_TO_BRANCH: reason,
  REFERRAL_EXPIRED: empty,
  REISSUE: z.object({ referralNumber: z.string().trim().min(1).max(50), issuedOn: z.iso.date() }),
  CANCEL: reason,
  PRESENT_REFERRAL: empty,
  ACCEPT: empty,
  RETURN_TO_SOURCE: reason,
  RESPONSE_OVERDUE: empty,
  ASSIGN_BRANCH: z.object({ branchId: z.string().min(1) }),
  ACKNOWLEDGE: empty,
  ACKNOWLEDGEMENT_DUE: empty,
  YEAR_END_COMMENT: z.object({
    comment: z.string().trim().min(1).max(4000),
    /** Residence variant: counts toward the home unit's top classification. */
    recommendTopRating: z.boolean().default(false),
  }),
  YEAR_END_REMINDER: empty,
};

export type TransferInput = z.infer<typeof transferInput>;
export type TransferPolicy = z.infer<typeof transferPolicy>;
export type TransferPayload<K extends keyof typeof transferEvents> = z.infer<(typeof transferEvents)[K]>;
