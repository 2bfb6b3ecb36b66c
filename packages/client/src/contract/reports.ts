import { z } from 'zod';

/**
 * A unit's report as a standing committee hands it in (issue 14): open work by step, lead times,
 * branch ratings, award rounds against quotas, "1+2" days against the yearly quota, transfers.
 */

const isoDate = z.iso.date();

export const reportQuerySchema = z
  .object({
    subtree: z
      .stringbool()
      .default(true)
      .describe('Include every unit below (default) or only the unit itself'),
    from: isoDate.optional().describe('First day of the period (default: 1 January of this year)'),
    to: isoDate
      .optional()
      .describe('Last day of the period, inclusive (default: 31 December of `from`’s year)'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: '`from` must not be after `to`',
    path: ['to'],
  })
  .refine(
    (query) => !query.from || !query.to || Date.parse(query.to) - Date.parse(query.from) <= 366 * 86_400_000,
    { message: 'a report covers at most one year', path: ['to'] },
  );
export type ReportQuery = z.input<typeof reportQuerySchema>;

export const reportParamsSchema = z.object({ unitId: z.string().min(1).max(200) });

export const stepCountSchema = z.object({
  workflowId: z.string(),
  step: z.string().describe('The state the tasks wait in'),
  open: z.number().int().min(0),
  overdue: z.number().int().min(0),
});

export const leadTimeSchema = z.object({
  workflowId: z.string(),
  step: z.string().describe('A state left during the period, or "*" for whole instances finished in it'),
  count: z.number().int().min(0),
  p50Hours: z
    .number()
    .min(0)
    .describe('Median hours spent, interpolated as percentile_cont is; each rank within 2% (a sketch)'),
  p90Hours: z.number().min(0).describe('90th percentile of hours spent, within 2% like the median'),
});

export const ratingCountSchema = z.object({
  level: z
    .enum(['outstanding', 'good', 'completed', 'notCompleted', 'pending'])
    .describe('A classification level, or "pending" for reviews not yet decided'),
  branches: z.number().int().min(0),
});

export const awardQuotaSchema = z.object({
  campaignId: z.string(),
  round: z.string().describe('The round’s name'),
  deadline: isoDate,
  unitId: z.string(),
  unitName: z.string(),
  quota: z.number().int().min(0),
  submitted: z.number().int().min(0),
  awarded: z.number().int().min(0),
});

export const fieldDaysSchema = z.object({
  cadreId: z.string(),
  cadreName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  creditedDays: z.number().min(0),
  quotaDays: z.number().min(0),
  exempt: z.boolean(),
});

export const transferCountSchema = z.object({
  unitId: z.string().describe('The unit itself or a unit directly below it'),
  unitName: z.string(),
  incoming: z.number().int().min(0),
  outgoing: z.number().int().min(0),
  completedIncoming: z.number().int().min(0),
  completedOutgoing: z.number().int().min(0),
});

export const unitReportSchema = z
  .object({
    unitId: z.string(),
    unitName: z.string(),
    subtree: z.boolean(),
    from: isoDate,
    to: isoDate,
    generatedAt: z.iso.datetime({ offset: true }),
    openTasks: z.array(stepCountSchema),
    leadTimes: z.array(leadTimeSchema),
    ratings: z.array(ratingCountSchema).describe('Branch reviews of the period’s year'),
    awards: z.array(awardQuotaSchema).describe('Rounds whose deadline falls in the period'),
    fieldDays: z.array(fieldDaysSchema).describe('"1+2" field-visit years of the period’s year'),
    transfers: z.array(transferCountSchema).describe('Transfers started in the period'),
  })
  .meta({ id: 'UnitReport', description: 'A unit’s report for a period, as officers hand it in' });

export type StepCount = z.infer<typeof stepCountSchema>;
export type LeadTime = z.infer<typeof leadTimeSchema>;
export type RatingCount = z.infer<typeof ratingCountSchema>;
export type AwardQuota = z.infer<typeof awardQuotaSchema>;
export type FieldDays = z.infer<typeof fieldDaysSchema>;
export type TransferCount = z.infer<typeof transferCountSchema>;
export type UnitReport = z.infer<typeof unitReportSchema>;
