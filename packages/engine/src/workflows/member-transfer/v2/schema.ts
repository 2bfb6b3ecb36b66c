import { z } from 'zod';
import { labelled } from '../../../field-labels.ts';
import { signingPolicySchema } from '../../../signing.ts';
import { transferEvents, transferFields, transferPolicy, variantChecks } from '../schema.ts';

/**
 * v2 (issue 11): the directory says whether the member is a cadre (a `memberIsCadre` sent by the
 * requester is dropped), the source branch comments but cannot refuse, residence participation skips
 * the referral and the dues, a temporary stay ends at its date, and the year-end comment goes home.
 */
const { memberIsCadre: _fromTheDirectory, ...requestFields } = transferFields;
export const transferInputV2 = variantChecks(z.object(requestFields));

export const transferPolicyV2 = transferPolicy.extend({
  /** Who may sign "TM." for the base's standing committee (signing.ts). */
  signing: signingPolicySchema,
});

const date = (label: { vi: string; en: string }) => labelled(z.iso.date(), label);
const text = (label: { vi: string; en: string }, max = 2000) =>
  labelled(z.string().trim().min(1).max(max), label);

/**
 * The referral's date only: its number is the register's (sổ đăng ký văn bản đi), drawn in the
 * signing step's transaction and printed on the issued document. A `referralNumber` that a client
 * written for v1 still sends is dropped, never used (v1 instances keep their typed number).
 */
const referralPayload = z.object({
  issuedOn: date({ vi: 'Ngày cấp giấy giới thiệu', en: 'Referral issued on' }),
});

export const transferEventsV2 = {
  ...transferEvents,
  ISSUE_REFERRAL: referralPayload,
  REISSUE: referralPayload,
  CONFIRM: transferEvents.CONFIRM.extend({
    /** The branch's reservations: recorded for the base, which decides. */
    concerns: labelled(z.string().trim().max(2000).optional(), {
      vi: 'Ý kiến của chi đoàn (nếu có)',
      en: "The branch's concerns (if any)",
    }),
  }),
  /** The temporary stay reached its `until` date. */
  STAY_ENDS: z.object({}).strict(),
  EXTEND_STAY: z.object({
    until: date({ vi: 'Gia hạn sinh hoạt tạm thời đến ngày', en: 'Stay extended until' }),
    reason: text({ vi: 'Lý do gia hạn', en: 'Reason for the extension' }),
  }),
  RETURN_HOME: z.object({
    comment: text({ vi: 'Nhận xét quá trình sinh hoạt tạm thời', en: 'Comment on the stay' }, 4000),
  }),
  /** The home branch takes the comment into the member's classification. */
  RECORD_COMMENT: z.object({
    note: labelled(z.string().trim().max(2000).optional(), {
      vi: 'Ghi chú khi đưa vào xếp loại đoàn viên',
      en: "Note for the member's classification",
    }),
  }),
};

export type TransferInputV2 = z.infer<typeof transferInputV2>;
export type TransferPolicyV2 = z.infer<typeof transferPolicyV2>;
export type TransferPayloadV2<K extends keyof typeof transferEventsV2> = z.infer<
  (typeof transferEventsV2)[K]
>;
