import { z } from 'zod';
import { labelled } from '../../field-labels.ts';
import { linkedFactSchema } from '../../links.ts';
import { signingPolicySchema } from '../../signing.ts';
import {
  awardingUnit,
  decisionNumber,
  dossierDeadline,
  empty,
  id,
  reason,
  signedOn,
  text,
} from './fields.ts';
import { ratingLabels } from './labels.ts';

/** The four classification levels of guidance 25-HD/TWĐTN-BTC, best first. */
export const ratings = ['excellent', 'good', 'completed', 'notCompleted'] as const;
export type Rating = (typeof ratings)[number];

/** An award form of a round ("hình thức khen thưởng"), e.g. "Chi đoàn khu dân cư xuất sắc tiêu biểu". */
export const awardForm = z.strictObject({
  id: labelled(id, { vi: 'Mã hình thức khen thưởng', en: 'Award form ID' }),
  name: labelled(text(200), { vi: 'Tên hình thức khen thưởng', en: 'Award form name' }),
  /** Who it is for: a branch ("tập thể") or a person ("cá nhân"). */
  nomineeKind: labelled(
    z.enum(['branch', 'person']),
    { vi: 'Đối tượng khen thưởng', en: 'Awarded to' },
    {
      branch: { vi: 'Tập thể (chi đoàn)', en: 'A branch' },
      person: { vi: 'Cá nhân', en: 'A person' },
    },
  ),
  /** The form's own floor for the nominee's classification; the policy's when absent. */
  minimumRating: labelled(
    z.enum(ratings).optional(),
    { vi: 'Mức xếp loại tối thiểu', en: 'Lowest classification accepted' },
    ratingLabels,
  ),
});

// ---------------------------------------------------------------- the campaign ("đợt")

export const campaignInput = z
  .strictObject({
    /** The unit running the round: its secretariat opens it, its standing committee signs. */
    awardingUnitId: awardingUnit(),
    name: labelled(text(300), { vi: 'Tên đợt xét khen thưởng', en: 'Name of the round' }),
    awardForms: labelled(z.array(awardForm).min(1).max(20), {
      vi: 'Các hình thức khen thưởng',
      en: 'Award forms',
    }),
    /** Per-unit quotas: nominating unit id → most nominations it may submit in this round. */
    quotas: labelled(
      z
        .record(
          labelled(id, { vi: 'Đơn vị đề nghị', en: 'Nominating unit' }),
          labelled(z.number().int().min(0).max(1000), {
            vi: 'Số lượng đề nghị tối đa',
            en: 'Most nominations',
          }),
        )
        .refine((quotas) => Object.keys(quotas).length > 0, { message: 'a round needs at least one quota' }),
      { vi: 'Chỉ tiêu đề nghị khen thưởng của từng đơn vị', en: 'Quota per nominating unit' },
    ),
    /** The hard deadline for dossiers. */
    deadline: dossierDeadline(),
    /** v2: how many may be awarded per award form (form id → number); the council's ranked list stops there. */
    awardsPerForm: labelled(z.record(id, z.number().int().min(0).max(10_000)).optional(), {
      vi: 'Số lượng khen thưởng tối đa theo hình thức',
      en: 'Most awards per form',
    }),
  })
  .refine((input) => new Set(input.awardForms.map((form) => form.id)).size === input.awardForms.length, {
    message: 'award form ids must be unique',
    path: ['awardForms'],
  });

export const campaignPolicy = z.object({
  /** Working days the council has to review the round before its chair is reminded. */
  councilReviewWorkingDays: z.number().int().positive().default(10),
  /**
   * Secret ballot: the council's votes on the round's nominations record who voted, not how; the
   * server keeps the choices in a ballot box and counts it when the vote closes.
   */
  secretBallot: z.boolean().default(false),
});

/** v2: the round's decision is signed by title (signing.ts); a deployment may let a Phó Bí thư sign "TM.". */
export const campaignPolicyV2 = campaignPolicy.extend({ signing: signingPolicySchema });

export const campaignEvents = {
  DEADLINE_PASSED: empty,
  SEND_TO_COUNCIL: z.strictObject({
    /** Dossiers received in time, as counted by the server. */
    dossiersReceived: labelled(z.number().int().min(0).max(10_000), {
      vi: 'Số hồ sơ nhận được đúng hạn',
      en: 'Dossiers received in time',
    }),
  }),
  REVIEW_OVERDUE: empty,
  SIGN_DECISION: z.strictObject({
    decisionNumber: decisionNumber(),
    signedOn: signedOn(),
    awardedCount: labelled(z.number().int().min(0).max(10_000), {
      vi: 'Số tập thể, cá nhân được khen thưởng',
      en: 'Branches and people awarded',
    }),
  }),
  CANCEL: reason({ vi: 'Lý do hủy đợt khen thưởng', en: 'Reason for cancelling the round' }),
  /** v2: a nomination the council recommended, delivered by a link from the nomination. */
  NOMINATION_RECOMMENDED: linkedFactSchema,
  /** v2: the round's one decision, listing every awardee from the council's ranked list. */
  DECIDE_AWARDS: z.strictObject({ decisionNumber: decisionNumber(), signedOn: signedOn() }),
};

export const campaignV1OnlyEvents = new Set(['SIGN_DECISION']);
export const campaignV2OnlyEvents = new Set(['NOMINATION_RECOMMENDED', 'DECIDE_AWARDS']);

export type CampaignInput = z.infer<typeof campaignInput>;
export type CampaignPolicy = z.infer<typeof campaignPolicy> & Partial<z.infer<typeof campaignPolicyV2>>;
export type CampaignPayload<K extends keyof typeof campaignEvents> = z.infer<(typeof campaignEvents)[K]>;
export type AwardForm = z.infer<typeof awardForm>;
