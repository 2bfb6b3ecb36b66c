import { z } from 'zod';
import type { Label } from '../../define-workflow.ts';
import { labelled } from '../../field-labels.ts';

export const transferKinds = ['permanent', 'temporary', 'residence'] as const;

const transferKindLabels: Record<(typeof transferKinds)[number], Label> = {
  permanent: { vi: 'Chuyển sinh hoạt chính thức', en: 'Permanent transfer' },
  temporary: { vi: 'Chuyển sinh hoạt tạm thời', en: 'Temporary transfer' },
  residence: { vi: 'Sinh hoạt nơi cư trú', en: 'Participation at the place of residence' },
};

/** The request's fields, shared by every version (v2 drops `memberIsCadre`: the directory says). */
export const transferFields = {
  memberId: labelled(z.string().min(1), { vi: 'Đoàn viên', en: 'Member' }),
  /** permanent: the file moves; temporary: hosted, the home unit keeps the file;
   *  residence: takes part where they live, the residence branch comments at year end. */
  kind: labelled(
    z.enum(transferKinds),
    { vi: 'Hình thức chuyển', en: 'Kind of transfer' },
    transferKindLabels,
  ),
  sourceBranchId: labelled(z.string().min(1), { vi: 'Chi đoàn nơi đi', en: 'Source branch' }),
  destinationBaseId: labelled(z.string().min(1), { vi: 'Đoàn cơ sở nơi đến', en: 'Destination base' }),
  reason: labelled(z.string().trim().min(1).max(2000), {
    vi: 'Lý do chuyển sinh hoạt',
    en: 'Reason for the transfer',
  }),
  /** A cadre's referral must be signed by the secretary (or a deputy, "KT."). */
  memberIsCadre: labelled(z.boolean().default(false), {
    vi: 'Đoàn viên là cán bộ đoàn',
    en: 'The member is a union cadre',
  }),
  /** Residence variant: registered at the residence since this date. */
  residenceSince: labelled(z.iso.date().optional(), {
    vi: 'Đăng ký cư trú tại nơi ở từ ngày',
    en: 'Registered at the residence since',
  }),
  /** Temporary variant: expected end of the stay. */
  until: labelled(z.iso.date().optional(), {
    vi: 'Sinh hoạt tạm thời đến ngày (dự kiến)',
    en: 'Temporary stay expected until',
  }),
};

type Variant = { kind: string; residenceSince?: string | undefined; until?: string | undefined };
export const variantChecks = <T extends z.ZodType<Variant>>(schema: T) =>
  schema
    .refine((input) => input.kind !== 'residence' || input.residenceSince, {
      message: 'a residence participation needs the date the member registered there',
      path: ['residenceSince'],
    })
    .refine((input) => input.kind !== 'temporary' || input.until, {
      message: 'a temporary transfer needs its expected end date',
      path: ['until'],
    });

export const transferInput = variantChecks(z.object(transferFields));

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
const reason = (label: Label) => z.object({ reason: labelled(z.string().trim().min(1).max(2000), label) });
const empty = z.object({}).strict();
const referralNumber = () =>
  labelled(z.string().trim().min(1).max(50), { vi: 'Số giấy giới thiệu', en: 'Referral number' });
const issuedOn = () => labelled(z.iso.date(), { vi: 'Ngày cấp giấy giới thiệu', en: 'Referral issued on' });

export const transferEvents = {
  SUBMIT: empty,
  WITHDRAW: empty,
  CONFIRM: z.object({
    /** Dues collected up to this month (thu đoàn phí đến tháng). */
    duesPaidThrough: labelled(month, { vi: 'Đã đóng đoàn phí đến tháng', en: 'Dues paid through' }),
    /** The comment written in the member book (nhận xét vào sổ đoàn viên). */
    memberBookComment: labelled(z.string().trim().min(1).max(2000), {
      vi: 'Nhận xét ghi vào sổ đoàn viên',
      en: 'Comment in the member book',
    }),
  }),
  REJECT: reason({ vi: 'Lý do không chấp thuận', en: 'Reason for rejecting' }),
  ISSUE_REFERRAL: z.object({ referralNumber: referralNumber(), issuedOn: issuedOn() }),
  RETURN_TO_BRANCH: reason({ vi: 'Lý do trả lại chi đoàn', en: 'Reason for returning to the branch' }),
  REFERRAL_EXPIRED: empty,
  REISSUE: z.object({ referralNumber: referralNumber(), issuedOn: issuedOn() }),
  CANCEL: reason({ vi: 'Lý do hủy chuyển sinh hoạt', en: 'Reason for cancelling' }),
  PRESENT_REFERRAL: empty,
  ACCEPT: empty,
  RETURN_TO_SOURCE: reason({ vi: 'Lý do trả lại nơi đi', en: 'Reason for returning to the source' }),
  RESPONSE_OVERDUE: empty,
  ASSIGN_BRANCH: z.object({
    branchId: labelled(z.string().min(1), { vi: 'Chi đoàn tiếp nhận', en: 'Receiving branch' }),
  }),
  ACKNOWLEDGE: empty,
  ACKNOWLEDGEMENT_DUE: empty,
  YEAR_END_COMMENT: z.object({
    comment: labelled(z.string().trim().min(1).max(4000), {
      vi: 'Nhận xét cuối năm',
      en: 'Year-end comment',
    }),
    /** Residence variant: counts toward the home unit's top classification. */
    recommendTopRating: labelled(z.boolean().default(false), {
      vi: 'Đề nghị xếp loại Hoàn thành xuất sắc nhiệm vụ',
      en: 'Recommend for the top classification',
    }),
  }),
  YEAR_END_REMINDER: empty,
};

export type TransferInput = z.infer<typeof transferInput>;
export type TransferPolicy = z.infer<typeof transferPolicy>;
export type TransferPayload<K extends keyof typeof transferEvents> = z.infer<(typeof transferEvents)[K]>;
