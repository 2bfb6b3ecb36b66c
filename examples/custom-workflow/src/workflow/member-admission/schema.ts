import { labelled } from '@doanflow/engine';
import { z } from 'zod';

/**
 * What the branch secretary files to admit a young person (hồ sơ kết nạp đoàn viên mới): the
 * candidate is not a member yet, so is named rather than picked from the directory; the two
 * introducers are members, picked by id — each of them gets a task of their own.
 */
export const admissionInput = z
  .object({
    candidateName: labelled(z.string().trim().min(2).max(200), { vi: 'Người được kết nạp', en: 'Candidate' }),
    birthDate: labelled(z.iso.date(), { vi: 'Ngày sinh', en: 'Date of birth' }),
    branchId: labelled(z.string().min(1), { vi: 'Chi đoàn', en: 'Branch' }),
    introducerIds: labelled(z.array(z.string().min(1)).length(2), {
      vi: 'Đoàn viên giới thiệu',
      en: 'Introducers',
    }),
  })
  .refine((input) => input.introducerIds[0] !== input.introducerIds[1], {
    message: 'two different members introduce the candidate',
    path: ['introducerIds'],
  });

/** Deployment parameters (DOMAIN.md: policy is data). */
export const admissionPolicy = z.object({
  /** Share of the branch meeting's votes needed to propose the candidate (Điều lệ: more than half). */
  branchMajority: z.number().min(0.5).max(1).default(0.5),
});

const empty = z.object({}).strict();
const votes = (vi: string, en: string) => labelled(z.number().int().min(0).max(1000), { vi, en });

export const admissionEvents = {
  CONFIRM_INTRODUCTION: empty,
  RECORD_BRANCH_VOTE: z.object({
    votesFor: votes('Số phiếu đồng ý', 'Votes for'),
    votesAgainst: votes('Số phiếu không đồng ý', 'Votes against'),
  }),
  ADMIT: empty,
  REJECT: z.object({ reason: labelled(z.string().trim().min(1).max(2000), { vi: 'Lý do', en: 'Reason' }) }),
};

export const outcomes = ['admitted', 'notProposed', 'rejected'] as const;

/**
 * What officers and portals read of a request (`summary()` in index.ts builds exactly this): typed in
 * the OpenAPI document, and its own fields labelled here (the others by the input's and payloads').
 */
export const admissionSummary = z.object({
  candidateName: z.string(),
  birthDate: z.iso.date(),
  branchId: z.string(),
  introducerIds: z.array(z.string()),
  confirmedBy: labelled(z.array(z.string()), {
    vi: 'Đã xác nhận giới thiệu',
    en: 'Introduction confirmed by',
  }),
  votesFor: z.number().int().nullable(),
  votesAgainst: z.number().int().nullable(),
  outcome: labelled(
    z.enum(outcomes).nullable(),
    { vi: 'Kết quả', en: 'Outcome' },
    {
      admitted: { vi: 'Được kết nạp', en: 'Admitted' },
      notProposed: { vi: 'Chi đoàn không đề nghị', en: 'Not proposed by the branch' },
      rejected: { vi: 'Đoàn cơ sở không kết nạp', en: 'Rejected by the base' },
    },
  ),
  reason: z.string().nullable(),
});

export type AdmissionInput = z.infer<typeof admissionInput>;
export type AdmissionPolicy = z.infer<typeof admissionPolicy>;
export type AdmissionPayload<K extends keyof typeof admissionEvents> = z.infer<(typeof admissionEvents)[K]>;
