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
  instant,
  reason,
  signedOn,
  text,
} from '../award-campaign/fields.ts';
import { ratingLabels } from '../award-campaign/labels.ts';
import { awardForm, ratings, type Rating } from '../award-campaign/schema.ts';
import { documentKindLabels } from './labels.ts';

/** What a dossier holds (quy chế khen thưởng 109-QĐ/TWĐTN-VP): one of each per nomination. */
export const documentKinds = ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** A fraction of a body (2/3 of the council), kept as integers so 4 of 6 is exactly 2/3. */
const fraction = z
  .strictObject({ numerator: z.number().int().min(1), denominator: z.number().int().min(1) })
  .refine((f) => f.numerator <= f.denominator, { message: 'a share cannot exceed the whole' });

// ---------------------------------------------------------------- one nomination

/** The tag of a nominee: a branch ("tập thể") or a person ("cá nhân"). */
const nomineeKind = <K extends 'branch' | 'person'>(kind: K) =>
  labelled(
    z.literal(kind),
    { vi: 'Đối tượng đề nghị', en: 'Kind of nominee' },
    {
      [kind]:
        kind === 'branch' ? { vi: 'Tập thể (chi đoàn)', en: 'A branch' } : { vi: 'Cá nhân', en: 'A person' },
    },
  );

export const nominee = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: nomineeKind('branch'),
    unitId: labelled(id, { vi: 'Chi đoàn được đề nghị', en: 'Nominated branch' }),
  }),
  z.strictObject({
    kind: nomineeKind('person'),
    personId: labelled(id, { vi: 'Cá nhân được đề nghị', en: 'Nominated person' }),
  }),
]);

export const nominationInput = z
  .strictObject({
    campaignId: labelled(id, { vi: 'Đợt xét khen thưởng', en: 'Award round' }),
    awardingUnitId: awardingUnit(),
    /** The unit that proposes (usually the đoàn cơ sở above the branch) and whose quota is used. */
    nominatingUnitId: labelled(id, { vi: 'Đơn vị đề nghị', en: 'Nominating unit' }),
    /** The campaign's deadline, copied by the server when the nomination starts. */
    deadline: dossierDeadline(),
    /** The nominating unit's quota in this round. */
    quota: labelled(z.number().int().min(0).max(1000), {
      vi: 'Chỉ tiêu đề nghị của đơn vị',
      en: "The unit's quota",
    }),
    /** Nominations that unit has already submitted in this round, counted by the server. */
    alreadySubmitted: labelled(z.number().int().min(0).max(1000), {
      vi: 'Số hồ sơ đơn vị đã gửi trong đợt',
      en: 'Already submitted by the unit',
    }),
    /** Members of the awarding council; the policy's size when absent. */
    councilSize: labelled(z.number().int().min(1).max(100).optional(), {
      vi: 'Số thành viên Hội đồng Thi đua – Khen thưởng',
      en: 'Members of the awards council',
    }),
    awardForm: labelled(awardForm, { vi: 'Hình thức khen thưởng', en: 'Award form' }),
    nominee: labelled(nominee, { vi: 'Tập thể, cá nhân được đề nghị', en: 'Nominee' }),
  })
  .refine((input) => input.nominee.kind === input.awardForm.nomineeKind, {
    message: 'this award form is not for this kind of nominee',
    path: ['nominee', 'kind'],
  });

export const nominationPolicy = z.object({
  /** Members of the Hội đồng Thi đua – Khen thưởng, unless the nomination says otherwise. */
  councilSize: z.number().int().min(1).max(100).default(7),
  /** Share of the council that must be present (have voted) for a vote to count. */
  quorum: fraction.default({ numerator: 2, denominator: 3 }),
  /** Yes votes needed: more than (or at least) this share of those present (or of the council). */
  approval: z
    .strictObject({ share: fraction, of: z.enum(['present', 'council']), moreThan: z.boolean() })
    .default({ share: { numerator: 1, denominator: 2 }, of: 'present', moreThan: true }),
  /** Documents a dossier must hold before it can be submitted. */
  requiredDocuments: z
    .array(z.enum(documentKinds))
    .min(1)
    .default([...documentKinds]),
  /** Lowest classification that makes a nominee eligible. */
  minimumRating: z.enum(ratings).default('excellent'),
  /** How old (in years before the deadline's year) the classification may be. */
  ratingMaxAgeYears: z.number().int().min(0).max(5).default(1),
  /** The nominating unit is reminded this many working days before the deadline. */
  reminderWorkingDaysBeforeDeadline: z.number().int().min(1).max(30).default(3),
  /** Working days the secretariat has to check a dossier before the standing secretary is told. */
  dossierCheckWorkingDays: z.number().int().positive().default(5),
});

/** v2: the tờ trình that submits a dossier is signed by title (signing.ts). */
export const nominationPolicyV2 = nominationPolicy.extend({ signing: signingPolicySchema });

const vote = () =>
  labelled(
    z.enum(['yes', 'no', 'abstain']),
    { vi: 'Biểu quyết', en: 'Vote' },
    {
      yes: { vi: 'Tán thành', en: 'Yes' },
      no: { vi: 'Không tán thành', en: 'No' },
      abstain: { vi: 'Không biểu quyết', en: 'Abstain' },
    },
  );

/**
 * v2: in a secret ballot the server takes the choice into its ballot box before the engine sees
 * the vote, so the vote the engine (and the history) receives has none.
 */
export const castVoteV2 = z.strictObject({ vote: vote().optional() });

const documentKind = () =>
  labelled(z.enum(documentKinds), { vi: 'Loại tài liệu', en: 'Kind of document' }, documentKindLabels);

export const nominationEvents = {
  /** The files come with the event (one or several kinds at once); it has no fields of its own. */
  ADD_DOCUMENT: empty,
  REMOVE_DOCUMENT: z.strictObject({ kind: documentKind() }),
  /** The nominee's classification (from the yearly review) and whether they were disciplined. */
  RECORD_RATING: z.strictObject({
    year: labelled(z.number().int().min(2000).max(2100), {
      vi: 'Năm xếp loại',
      en: 'Year of the classification',
    }),
    rating: labelled(z.enum(ratings), { vi: 'Kết quả xếp loại', en: 'Classification' }, ratingLabels),
    disciplined: labelled(z.boolean(), { vi: 'Bị kỷ luật trong năm', en: 'Disciplined that year' }),
  }),
  SUBMIT: empty,
  WITHDRAW: reason({ vi: 'Lý do rút hồ sơ', en: 'Reason for withdrawing' }),
  SUBMISSION_DEADLINE: empty,
  DEADLINE_REMINDER: empty,
  ACCEPT_DOSSIER: empty,
  RETURN_INCOMPLETE: z.strictObject({
    reason: labelled(text(2000), { vi: 'Lý do trả lại', en: 'Reason for returning' }),
    missing: labelled(z.array(documentKind()).max(documentKinds.length).default([]), {
      vi: 'Tài liệu còn thiếu',
      en: 'Missing documents',
    }),
  }),
  CHECK_OVERDUE: empty,
  CAST_VOTE: z.strictObject({ vote: vote() }),
  CLOSE_VOTE: empty,
  SIGN_DECISION: z.strictObject({
    decisionNumber: decisionNumber(),
    signedOn: signedOn(),
    /** Number in the award book ("số vào sổ") printed on the certificate. */
    certificateNumber: labelled(text(50), { vi: 'Số vào sổ khen thưởng', en: 'Award book number' }),
  }),
  DECLINE_TO_SIGN: reason({ vi: 'Lý do không ký', en: 'Reason for declining to sign' }),
  /** v2: the branch's review result, delivered by a link from its branch review. */
  REVIEW_RESULT_RECORDED: linkedFactSchema,
  /** v2: the round's one decision, delivered by a link from the campaign: awarded or not. */
  ROUND_DECIDED: linkedFactSchema,
};

/** Events only version 2 handles (all delivered by links). */
export const nominationV2Events = new Set(['REVIEW_RESULT_RECORDED', 'ROUND_DECIDED']);
/** v2 has no decision of its own per nomination: the round's one decision lists every awardee. */
export const nominationV1OnlyEvents = new Set(['SIGN_DECISION', 'DECLINE_TO_SIGN']);

/**
 * Version 2: the nominating unit names the round, the award form and the nominee; the round's
 * awarding unit, deadline, quota and form are read by the server from the campaign, and the
 * nominee's last rating from the branch's record (facts kept in the history).
 */
export const nominationInputV2 = z.strictObject({
  campaignId: labelled(id, { vi: 'Đợt xét khen thưởng', en: 'Award round' }),
  nominatingUnitId: labelled(id, { vi: 'Đơn vị đề nghị', en: 'Nominating unit' }),
  awardFormId: labelled(id, { vi: 'Hình thức khen thưởng', en: 'Award form' }),
  nominee: labelled(nominee, { vi: 'Tập thể, cá nhân được đề nghị', en: 'Nominee' }),
});

/** What the server reads for a v2 nomination when it starts. */
export const nominationStartFacts = z.strictObject({
  campaign: z.strictObject({
    awardingUnitId: id,
    deadline: instant,
    quota: z.number().int().min(0),
    awardForm,
    councilSize: z.number().int().min(1).max(100).optional(),
    /** The round's ballot is secret (absent in nominations started before the policy existed). */
    secretBallot: z.boolean().optional(),
  }),
  /** The nominee branch's latest review result in its record (null: none recorded). */
  rating: z
    .strictObject({ year: z.number().int(), rating: z.enum(ratings), disciplined: z.boolean() })
    .nullable(),
});

/** Branch-review levels as the award's rating scale names them. */
export const ratingOfReviewLevel: Record<string, Rating> = {
  outstanding: 'excellent',
  good: 'good',
  completed: 'completed',
  notCompleted: 'notCompleted',
};

export type Nominee = z.infer<typeof nominee>;
export type NominationInput = z.infer<typeof nominationInput>;
export type NominationInputV2 = z.infer<typeof nominationInputV2>;
export type NominationPolicy = z.infer<typeof nominationPolicy>;
export type CastVoteV2 = z.infer<typeof castVoteV2>;
export type NominationPayload<K extends keyof typeof nominationEvents> = z.infer<
  (typeof nominationEvents)[K]
>;
