import { z } from 'zod';
import { labelled } from '../../../field-labels.ts';
import { signingPolicySchema } from '../../../signing.ts';
import {
  escalationAfterReminder,
  fieldVisitEvents,
  fieldVisitPolicyFields,
  planItem,
  visitContents,
  visitQualities,
} from '../schema.ts';

/**
 * v2 (issue 11): trips of a quarter in any order, unplanned trips registered after the fact and
 * approved, "đi trước" only where the content type needs it, the report due in 10 calendar days
 * unless the policy says working days, the travel order signed by title, credited days and quality
 * sent to the cadre's record for the year-end review.
 */
export const fieldVisitPolicyV2 = escalationAfterReminder(
  z.object({
    ...fieldVisitPolicyFields,
    /** "Trong 10 ngày" without "làm việc" means calendar days (DOMAIN.md). */
    reportDueCounting: z.enum(['workingDays', 'calendarDays']).default('calendarDays'),
    /** Contents whose trip accompanies an activity of the base: these need a "đi trước" visit. */
    preparationRequiredFor: z.array(z.enum(visitContents)).default(['coHostActivity']),
    /** Who may sign the travel order "TM." (signing.ts). */
    signing: signingPolicySchema,
  }),
);

const tripId = labelled(z.string().trim().min(1).max(64), { vi: 'Đợt đi cơ sở', en: 'Trip' });
const text = (max: number) => z.string().trim().min(1).max(max);

export const fieldVisitEventsV2 = {
  ...fieldVisitEvents,
  /** Take another planned trip of the quarter first (trips need not follow the plan's order). */
  CHOOSE_NEXT_TRIP: z.strictObject({ tripId }),
  /** "Đi công tác đột xuất": a trip that was not planned, registered after it took place. */
  REGISTER_UNPLANNED_TRIP: z
    .strictObject({
      ...planItem.shape,
      results: labelled(text(4000), { vi: 'Kết quả đi cơ sở', en: 'Results' }),
    })
    .refine((item) => item.from <= item.to, {
      message: 'a visit ends on or after its first day',
      path: ['to'],
    }),
  APPROVE_UNPLANNED_TRIP: z.strictObject({
    tripId,
    quality: labelled(z.enum(visitQualities), { vi: 'Chất lượng đi cơ sở', en: 'Quality of the visit' }),
  }),
  REFUSE_UNPLANNED_TRIP: z.strictObject({
    tripId,
    reason: labelled(text(2000), { vi: 'Lý do không công nhận', en: 'Reason for refusing' }),
  }),
};

export type FieldVisitPolicyV2 = z.infer<typeof fieldVisitPolicyV2>;
export type FieldVisitPayloadV2<K extends keyof typeof fieldVisitEventsV2> = z.infer<
  (typeof fieldVisitEventsV2)[K]
>;
