import { z } from 'zod';
import type { Label } from '../../define-workflow.ts';
import { labelled } from '../../field-labels.ts';
import { linkedFactSchema } from '../../links.ts';
import { documentKindLabels, ratingLabels } from './labels.ts';

/** Ids of units, people, campaigns and documents issued by the host system. */
const id = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const reason = (label: Label) => z.strictObject({ reason: labelled(text(2000), label) });
const empty = z.strictObject({});
/** An instant with its offset, kept as UTC so it compares with event times. */
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** The four classification levels of guidance 25-HD/TWĐTN-BTC, best first. */
export const ratings = ['excellent', 'good', 'completed', 'notCompleted'] as const;
export type Rating = (typeof ratings)[number];

/** What a dossier holds (quy chế khen thưởng 109-QĐ/TWĐTN-VP): one of each per nomination. */
export const documentKinds = ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** A fraction of a body (2/3 of the council), kept as integers so 4 of 6 is exactly 2/3. */
const fraction = z
  .strictObject({ numerator: z.number().int().min(1), denominator: z.number().int().min(1) })
  .refine((f) => f.numerator <= f.denominator, { message: 'a share cannot exceed the whole' });

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

const awardingUnit = () => labelled(id, { vi: 'Đơn vị xét khen thưởng', en: 'Awarding unit' });
const dossierDeadline = () => labelled(instant, { vi: 'Hạn nộp hồ sơ', en: 'Dossier deadline' });

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

const decisionNumber = () =>
  labelled(text(50), { vi: 'Số quyết định khen thưởng', en: 'Award decision number' });
const signedOn = () => labelled(z.iso.date(), { vi: 'Ngày ký quyết định', en: 'Signed on' });

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

export type CampaignInput = z.infer<typeof campaignInput>;
export type CampaignPolicy = z.infer<typeof campaignPolicy>;
export type CampaignPayload<K extends keyof typeof campaignEvents> = z.infer<(typeof campaignEvents)[K]>;
export type AwardForm = z.infer<typeof awardForm>;
export type Nominee = z.infer<typeof nominee>;
export type NominationInput = z.infer<typeof nominationInput>;
export type NominationInputV2 = z.infer<typeof nominationInputV2>;
export type NominationPolicy = z.infer<typeof nominationPolicy>;
export type CastVoteV2 = z.infer<typeof castVoteV2>;
export type NominationPayload<K extends keyof typeof nominationEvents> = z.infer<
  (typeof nominationEvents)[K]
>;
