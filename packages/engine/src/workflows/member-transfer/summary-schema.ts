import { z } from 'zod';
import { officeTitles } from '../../directory.ts';
import { summaryWords } from '../summary-words.ts';
import { transferEvents, transferInput, transferKinds } from './schema.ts';
import { transferSummaryLabels, transferSummaryLabelsV2 } from './summary-labels.ts';
import { transferEventsV2, transferInputV2 } from './v2/schema.ts';

const v1 = summaryWords(transferInput, transferEvents, transferSummaryLabels);
const v2 = summaryWords(transferInputV2, transferEventsV2, transferSummaryLabelsV2);
const date = () => z.iso.date();
const month = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** What `summary()` of member-transfer v1 builds (index.ts), in the words officers read. */
export const transferSummary = z.object({
  memberId: v1('memberId', z.string()),
  kind: v1('kind', z.enum(transferKinds)),
  sourceBranchId: v1('sourceBranchId', z.string()),
  destinationBaseId: v1('destinationBaseId', z.string()),
  destinationBranchId: v1('destinationBranchId', z.string().nullable()),
  reason: v1('reason', z.string()),
  referral: v1(
    'referral',
    z.strictObject({ number: v1('number', z.string()), issuedOn: v1('issuedOn', date()) }).nullable(),
  ),
  duesPaidThrough: v1('duesPaidThrough', month().nullable()),
});

const homeComment = z.strictObject({
  occasion: v2('occasion', z.enum(['yearEnd', 'stayEnd'])),
  comment: v2('comment', z.string()),
  recommendTopRating: v2('recommendTopRating', z.boolean()),
  year: v2('year', z.number().int()),
  by: v2('by', z.string().nullable()),
  recordedOn: v2('recordedOn', date().nullable()),
});

const signature = z.strictObject({
  heading: v2('heading', z.string()),
  title: v2('title', z.string()),
  office: v2('office', z.enum(officeTitles)),
  name: v2('name', z.string()),
});

/** v2's summary (v2/index.ts): the signed referral (its number is the register's), concerns, comments home. */
export const transferSummaryV2 = z.object({
  memberId: v2('memberId', z.string()),
  kind: v2('kind', z.enum(transferKinds)),
  sourceBranchId: v2('sourceBranchId', z.string()),
  destinationBaseId: v2('destinationBaseId', z.string()),
  destinationBranchId: v2('destinationBranchId', z.string().nullable()),
  reason: v2('reason', z.string()),
  memberIsCadre: v2('memberIsCadre', z.boolean()),
  until: v2('until', date().nullable()),
  concerns: v2('concerns', z.string().nullable()),
  referral: v2(
    'referral',
    z
      .strictObject({ issuedOn: v2('issuedOn', date()), signature: v2('signature', signature.nullable()) })
      .nullable(),
  ),
  duesPaidThrough: v2('duesPaidThrough', month().nullable()),
  homeComment: v2('homeComment', homeComment.nullable()),
  homeComments: v2('homeComments', z.array(homeComment)),
});
