import { z } from 'zod';
import { awardForm, ratings } from '../award-campaign/schema.ts';
import { labelled } from '../../field-labels.ts';
import { summaryWords } from '../summary-words.ts';
import {
  castVoteV2,
  documentKinds,
  nominationEvents,
  nominationInput,
  nominationInputV2,
  nominationV1OnlyEvents,
  nominationV2Events,
  nominee,
} from './schema.ts';
import { nominationSummaryLabels, nominationV2SummaryLabels } from './summary-labels.ts';

/** The payloads a version takes, as its event table has them (the first word found wins). */
const payloadsOf = (excluded: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(nominationEvents).filter(([type]) => !excluded.has(type)));

type Words = ReturnType<typeof summaryWords>;
const count = () => z.number().int().min(0);
const instant = () => z.iso.datetime({ offset: true });
const documentKind = () => z.enum(documentKinds);

function nominationSummaryShape(words: Words) {
  // A stored file of the dossier: "Mã" and "Tên" as v2 names them (v1's input names an award form's).
  const documentRef = z.strictObject({
    id: labelled(z.string(), nominationV2SummaryLabels.id!.label),
    name: labelled(z.string(), nominationV2SummaryLabels.name!.label),
    sha256: words('sha256', z.string()),
    addedAt: words('addedAt', instant()),
    addedBy: words('addedBy', z.string().nullable()),
  });
  return {
    campaignId: words('campaignId', z.string()),
    awardForm: words('awardForm', awardForm),
    nominee: words('nominee', nominee),
    nominatingUnitId: words('nominatingUnitId', z.string()),
    deadline: words('deadline', instant()),
    documents: words(
      'documents',
      z.strictObject(
        Object.fromEntries(
          documentKinds.map((kind) => [kind, words(kind, documentRef.optional())]),
        ) as Record<(typeof documentKinds)[number], z.ZodOptional<typeof documentRef>>,
      ),
    ),
    missingDocuments: words('missingDocuments', z.array(documentKind())),
    ineligibleBecause: words(
      'ineligibleBecause',
      z.array(z.enum(['noRating', 'ratingTooLow', 'ratingOutdated', 'disciplined'])),
    ),
    quotaLeft: words('quotaLeft', count()),
    rating: words(
      'rating',
      z
        .strictObject({
          year: words('year', z.number().int()),
          rating: words('rating', z.enum(ratings)),
          disciplined: words('disciplined', z.boolean()),
        })
        .nullable(),
    ),
    lastReturn: words(
      'lastReturn',
      z
        .strictObject({
          reason: words('reason', z.string()),
          missing: words('missing', z.array(documentKind())),
          at: words('at', instant()),
        })
        .nullable(),
    ),
    votedBy: words('votedBy', z.array(z.string())),
    outcome: words(
      'outcome',
      z
        .strictObject({
          councilSize: words('councilSize', count()),
          present: words('present', count()),
          yes: words('yes', count()),
          no: words('no', count()),
          abstain: words('abstain', count()),
          quorumMet: words('quorumMet', z.boolean()),
          approved: words('approved', z.boolean()),
        })
        .nullable(),
    ),
    decision: words(
      'decision',
      z
        .strictObject({
          number: words('number', z.string()),
          signedOn: words('signedOn', z.iso.date()),
          certificateNumber: words('certificateNumber', z.string()),
          signedBy: words('signedBy', z.string().nullable()),
          acting: words('acting', z.enum(['self', 'TM', 'KT'])),
        })
        .nullable(),
    ),
    closingReason: words('closingReason', z.string().nullable()),
  };
}

/** What `summary()` of award-nomination builds (index.ts, both versions), in v1's words. */
export const nominationSummary = z.object(
  nominationSummaryShape(
    summaryWords(nominationInput, payloadsOf(nominationV2Events), nominationSummaryLabels),
  ),
);

/** The same summary in v2's words (the round is read from the campaign, not typed in). */
export const nominationSummaryV2 = z.object(
  nominationSummaryShape(
    summaryWords(
      nominationInputV2,
      { ...payloadsOf(nominationV1OnlyEvents), CAST_VOTE: castVoteV2 },
      nominationV2SummaryLabels,
    ),
  ),
);
