import { z } from 'zod';
import { summaryWords } from '../summary-words.ts';
import {
  awardForm,
  campaignEvents,
  campaignInput,
  campaignV1OnlyEvents,
  campaignV2OnlyEvents,
} from './schema.ts';
import { campaignSummaryLabels, campaignV2SummaryLabels } from './summary-labels.ts';

/** The payloads a version takes, as its event table has them (the first word found wins). */
const payloadsOf = (excluded: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(campaignEvents).filter(([type]) => !excluded.has(type)));

type Words = ReturnType<typeof summaryWords>;
const count = () => z.number().int().min(0);

const campaignSummaryShape = (words: Words) => ({
  name: words('name', z.string()),
  awardingUnitId: words('awardingUnitId', z.string()),
  awardForms: words('awardForms', z.array(awardForm)),
  // Keyed by the nominating unit's id, which the server names.
  quotas: words('quotas', z.record(z.string(), count())),
  deadline: words('deadline', z.iso.datetime({ offset: true })),
  dossiersReceived: words('dossiersReceived', count().nullable()),
  decision: words(
    'decision',
    z
      .strictObject({
        number: words('number', z.string()),
        signedOn: words('signedOn', z.iso.date()),
        awardedCount: words('awardedCount', count()),
        signedBy: words('signedBy', z.string().nullable()),
        acting: words('acting', z.enum(['self', 'TM', 'KT'])),
      })
      .nullable(),
  ),
  cancelReason: words('cancelReason', z.string().nullable()),
});

const v1 = summaryWords(campaignInput, payloadsOf(campaignV2OnlyEvents), campaignSummaryLabels);
const v2 = summaryWords(campaignInput, payloadsOf(campaignV1OnlyEvents), campaignV2SummaryLabels);

/** What `summary()` of award-campaign v1 builds (index.ts), in the words officers read. */
export const campaignSummary = z.object(campaignSummaryShape(v1));

const nominee = z.discriminatedUnion('kind', [
  z.strictObject({ kind: v2('kind', z.literal('branch')), unitId: v2('unitId', z.string()) }),
  z.strictObject({ kind: v2('kind', z.literal('person')), personId: v2('personId', z.string()) }),
]);

/** v2's summary adds how many the council recommended and the decision's ranked list. */
export const campaignSummaryV2 = z.object({
  ...campaignSummaryShape(v2),
  recommendations: v2('recommendations', count()),
  awardees: v2(
    'awardees',
    z.array(
      z.strictObject({
        nominationId: v2('nominationId', z.string()),
        awardFormId: v2('awardFormId', z.string()),
        nominee: v2('nominee', nominee),
        yes: v2('yes', count()),
        present: v2('present', count()),
        rank: v2('rank', z.number().int().min(1)),
      }),
    ),
  ),
});
