import { z } from 'zod';
import { officeTitles } from '../../directory.ts';
import { summaryWords } from '../summary-words.ts';
import {
  exemptionGrounds,
  fieldVisitEvents,
  fieldVisitInput,
  visitContents,
  visitQualities,
} from './schema.ts';
import { fieldVisitSummaryLabels, fieldVisitSummaryLabelsV2 } from './summary-labels.ts';
import { fieldVisitEventsV2 } from './v2/schema.ts';

type Words = ReturnType<typeof summaryWords>;
const date = () => z.iso.date();
const instant = () => z.iso.datetime({ offset: true });
const count = () => z.number().int().min(0);
const acting = () => z.enum(['self', 'TM', 'KT']);
const tripStatuses = [
  'planned',
  'active',
  'reviewed',
  'declined',
  'cancelled',
  'unfinished',
  'pendingApproval',
  'refused',
] as const;

/** A summary's fields in one version's words (v2 labels a few more). */
function fieldVisitSummaryShape(words: Words, tripExtra: z.ZodRawShape = {}) {
  const visit = {
    hostUnitId: words('hostUnitId', z.string()),
    from: words('from', date()),
    to: words('to', date()),
    content: words('content', z.enum(visitContents)),
    purpose: words('purpose', z.string()),
  };
  const trip = z.strictObject({
    id: words('id', z.string()),
    quarter: words('quarter', z.number().int().min(1).max(4)),
    ...visit,
    status: words('status', z.enum(tripStatuses)),
    hostConfirmedBy: words('hostConfirmedBy', z.string().nullable()),
    preparationVisits: words(
      'preparationVisits',
      z.array(z.strictObject({ on: words('on', date()), notes: words('notes', z.string()) })),
    ),
    arrivedOn: words('arrivedOn', date().nullable()),
    lastDay: words('lastDay', date().nullable()),
    report: words(
      'report',
      z
        .strictObject({
          evaluatedWithHostOn: words('evaluatedWithHostOn', date()),
          results: words('results', z.string()),
          lessons: words('lessons', z.string()),
          findingsForPartyCommittee: words('findingsForPartyCommittee', z.string().nullable()),
          submittedAt: words('submittedAt', instant()),
        })
        .nullable(),
    ),
    reportLate: words('reportLate', z.boolean()),
    returnComment: words('returnComment', z.string().nullable()),
    quality: words('quality', z.enum(visitQualities).nullable()),
    creditedDays: words('creditedDays', count()),
    closingReason: words('closingReason', z.string().nullable()),
    ...tripExtra,
  });
  const exemptionRequest = {
    ground: words('ground', z.enum(exemptionGrounds)),
    from: words('from', date()),
    to: words('to', date()),
    details: words('details', z.string()),
    requestedAt: words('requestedAt', instant()),
  };
  const travelOrder = {
    number: words('number', z.string()),
    issuedOn: words('issuedOn', date()),
    signedBy: words('signedBy', z.string().nullable()),
    acting: words('acting', acting()),
  };
  return {
    trip,
    travelOrder,
    shape: {
      cadreId: words('cadreId', z.string()),
      unitId: words('unitId', z.string()),
      year: words('year', z.number().int()),
      quarter: words('quarter', z.number().int().min(1).max(4)),
      creditedDays: words('creditedDays', count()),
      quotaDays: words('quotaDays', count()),
      plan: words('plan', z.array(z.strictObject(visit))),
      travelOrder: words('travelOrder', z.strictObject(travelOrder).nullable()),
      activeTrip: words('activeTrip', trip.nullable()),
      lateReports: words('lateReports', count()),
      lateQuarterPlans: words('lateQuarterPlans', count()),
      findingsForPartyCommittee: words('findingsForPartyCommittee', z.array(z.string())),
      exemptionRequest: words('exemptionRequest', z.strictObject(exemptionRequest).nullable()),
      exemption: words(
        'exemption',
        z
          .strictObject({
            ...exemptionRequest,
            decisionNumber: words('decisionNumber', z.string()),
            decidedBy: words('decidedBy', z.string().nullable()),
          })
          .nullable(),
      ),
    },
  };
}

const v1 = fieldVisitSummaryShape(summaryWords(fieldVisitInput, fieldVisitEvents, fieldVisitSummaryLabels));

/** What `summary()` of field-visit v1 builds (index.ts), in the words officers read. */
export const fieldVisitSummary = z.object(v1.shape);

const v2words = summaryWords(fieldVisitInput, fieldVisitEventsV2, fieldVisitSummaryLabelsV2);
// v2 marks the trips registered after the fact ("đi công tác đột xuất").
const v2 = fieldVisitSummaryShape(v2words, { unplanned: v2words('unplanned', z.boolean().optional()) });
const signature = z.strictObject({
  heading: v2words('heading', z.string()),
  title: v2words('title', z.string()),
  office: v2words('office', z.enum(officeTitles)),
  name: v2words('name', z.string()),
});

/** v2's summary (v2/index.ts): the signed travel order, the unplanned trips, the trips credited. */
export const fieldVisitSummaryV2 = z.object({
  ...v2.shape,
  travelOrder: v2words(
    'travelOrder',
    z.strictObject({ ...v2.travelOrder, signature: v2words('signature', signature.nullable()) }).nullable(),
  ),
  unplannedTrips: v2words('unplannedTrips', z.array(v2.trip)),
  creditedTrips: v2words(
    'creditedTrips',
    z.array(
      z.strictObject({
        id: v2words('id', z.string()),
        creditedDays: v2words('creditedDays', count()),
        quality: v2words('quality', z.enum(visitQualities).nullable()),
      }),
    ),
  ),
});
