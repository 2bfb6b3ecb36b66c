import { z } from 'zod';
import { instant, labelSchema } from './common.ts';

/** GET /records/units/{unitId} and /records/people/{personId}: which facts, and which page. */
export const recordQuerySchema = z.object({
  kind: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Only facts of this kind, e.g. "fieldVisit.trip" or "member.hostComment"'),
  cursor: z.string().min(1).max(500).optional().describe('From the previous page’s nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const recordFactSchema = z
  .object({
    kind: z.string().describe('What the fact is: "branchReview.result", "award", "fieldVisit.trip" …'),
    label: labelSchema.describe('The kind in words'),
    key: z
      .string()
      .describe('The fact’s key within its kind (a year, a trip); a later fact replaced an earlier one'),
    data: z.record(z.string(), z.unknown()).describe('The fact as the source instance stated it'),
    source: z.object({
      instanceId: z.string(),
      workflowId: z.string(),
      seq: z.number().int().describe('The step of the source instance that stated it'),
    }),
    recordedAt: instant,
  })
  .meta({ id: 'RecordFact', description: 'One fact of a unit’s or person’s record, delivered by a link' });

export const recordPageSchema = z
  .object({
    subject: z.object({
      kind: z.enum(['unit', 'person']),
      id: z.string(),
      name: z.string().describe('As the directory names the unit or person today'),
    }),
    items: z.array(recordFactSchema).describe('Newest first'),
    nextCursor: z.string().nullable(),
  })
  .meta({
    id: 'RecordPage',
    description:
      'A page of the facts other processes delivered to a unit or person: review results, award ' +
      'decisions, host comments, credited field-visit days, the year’s field-visit result',
  });
