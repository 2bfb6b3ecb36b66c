import { z } from 'zod';

/** Ids of units, people, campaigns and documents issued by the host system. */
const id = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const reason = z.strictObject({ reason: text(2000) });
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
  id,
  name: text(200),
  /** Who it is for: a branch ("tập thể") or a person ("cá nhân"). */
  nomineeKind: z.enum(['branch', 'person']),
  /** The form's own floor for the nominee's classification; the policy's when absent. */
  minimumRating: z.enum(ratings).optional(),
});

// ---------------------------------------------------------------- the campaign ("đợt")

export const campaignInput = z
  .strictObject({
    /** The unit running the round: its secretariat opens it, its standing committee signs. */
    awardingUnitId: id,
    name: text(300),
    awardForms: z.array(awardForm).min(1).max(20),
    /** Per-unit quotas: nominating unit id → most nominations it may submit in this round. */
    quotas: z
      .record(id, z.number().int().min(0).max(1000))
      .refine((quotas) => Object.keys(quotas).length > 0, { message: 'a round needs at least one quota' }),
    /** The hard deadline for dossiers. */
    deadline: instant,
  })
  .refine((input) => new Set(input.awardForms.map((form) => form.id)).size === input.awardForms.length, {
    message: 'award form ids must be unique',
    path: ['awardForms'],
  });

export const campaignPolicy = z.object({
  /** Working days the council has to review the round before its chair is reminded. */
  councilReviewWorkingDays: z.number().int().positive().default(10),
});

const decisionNumber = text(50);

export const campaignEvents = {
  DEADLINE_PASSED: empty,
  SEND_TO_COUNCIL: z.strictObject({
    /** Dossiers received in time, as counted by the server. */
    dossiersReceived: z.number().int().min(0).max(10_000),
  }),
  REVIEW_OVERDUE: empty,
  SIGN_DECISION: z.strictObject({
    decisionNumber,
    signedOn: z.iso.date(),
    awardedCount: z.number().int().min(0).max(10_000),
  }),
  CANCEL: reason,
};

// ---------------------------------------------------------------- one nomination

export const nominee = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('branch'), unitId: id }),
  z.strictObject({ kind: z.literal('person'), personId: id }),
]);

export const nominationInput = z
  .strictObject({
    campaignId: id,
    awardingUnitId: id,
    /** The unit that proposes (usually the đoàn cơ sở above the branch) and whose quota is used. */
    nominatingUnitId: id,
    /** The campaign's deadline, copied by the server when the nomination starts. */
    deadline: instant,
    /** The nominating unit's quota in this round. */
    quota: z.number().int().min(0).max(1000),
    /** Nominations that unit has already submitted in this round, counted by the server. */
    alreadySubmitted: z.number().int().min(0).max(1000),
    /** Members of the awarding council; the policy's size when absent. */
    councilSize: z.number().int().min(1).max(100).optional(),
    awardForm,
    nominee,
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

export const nominationEvents = {
  ADD_DOCUMENT: z.strictObject({
    kind: z.enum(documentKinds),
    /** A reference to the file kept by the host system. */
    document: z.strictObject({ id, name: text(300) }),
  }),
  REMOVE_DOCUMENT: z.strictObject({ kind: z.enum(documentKinds) }),
  /** The nominee's classification (from the yearly review) and whether they were disciplined. */
  RECORD_RATING: z.strictObject({
    year: z.number().int().min(2000).max(2100),
    rating: z.enum(ratings),
    disciplined: z.boolean(),
  }),
  SUBMIT: empty,
  WITHDRAW: reason,
  SUBMISSION_DEADLINE: empty,
  DEADLINE_REMINDER: empty,
  ACCEPT_DOSSIER: empty,
  RETURN_INCOMPLETE: z.strictObject({
    reason: text(2000),
    missing: z.array(z.enum(documentKinds)).max(documentKinds.length).default([]),
  }),
  CHECK_OVERDUE: empty,
  CAST_VOTE: z.strictObject({ vote: z.enum(['yes', 'no', 'abstain']) }),
  CLOSE_VOTE: empty,
  SIGN_DECISION: z.strictObject({
    decisionNumber,
    signedOn: z.iso.date(),
    /** Number in the award book ("số vào sổ") printed on the certificate. */
    certificateNumber: text(50),
  }),
  DECLINE_TO_SIGN: reason,
};

export type CampaignInput = z.infer<typeof campaignInput>;
export type CampaignPolicy = z.infer<typeof campaignPolicy>;
export type CampaignPayload<K extends keyof typeof campaignEvents> = z.infer<(typeof campaignEvents)[K]>;
export type AwardForm = z.infer<typeof awardForm>;
export type Nominee = z.infer<typeof nominee>;
export type NominationInput = z.infer<typeof nominationInput>;
export type NominationPolicy = z.infer<typeof nominationPolicy>;
export type NominationPayload<K extends keyof typeof nominationEvents> = z.infer<
  (typeof nominationEvents)[K]
>;
