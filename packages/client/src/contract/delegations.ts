import { z } from 'zod';
import { calendarDate, instant } from './common.ts';

/** Ủy quyền: the holder of a role at a unit hands it to a named person for a dated period. */
export const delegationRequestSchema = z
  .object({
    delegateId: z
      .string()
      .min(1)
      .max(200)
      .describe('The person who acts on your behalf (from the directory)'),
    role: z.string().min(1).max(200).describe('The role you hold and hand over, e.g. baseSecretary'),
    unitId: z.string().min(1).max(200).describe('The unit where you hold it'),
    from: z.iso.date().describe('First day, YYYY-MM-DD in Asia/Ho_Chi_Minh'),
    until: z.iso.date().describe('Last day (inclusive), YYYY-MM-DD in Asia/Ho_Chi_Minh'),
    reason: z.string().max(500).nullish().describe('Why, in words ("nghỉ phép")'),
  })
  .strict()
  .meta({ id: 'DelegationRequest', description: 'A delegation the caller makes of a role they hold' });

export const delegationStatusSchema = z
  .enum(['scheduled', 'active', 'expired', 'revoked'])
  .meta({ id: 'DelegationStatus', description: 'Where a delegation stands today' });

export const delegationViewSchema = z
  .object({
    id: z.string(),
    holderId: z.string(),
    holderName: z.string().nullable(),
    delegateId: z.string(),
    delegateName: z.string().nullable(),
    role: z.string(),
    unitId: z.string(),
    unitName: z.string().nullable(),
    from: calendarDate,
    until: calendarDate,
    reason: z.string().nullable(),
    status: delegationStatusSchema,
    createdAt: instant,
    createdBy: z.string(),
    revokedAt: instant.nullable(),
    revokedBy: z.string().nullable(),
    uses: z.number().int().describe('Acts the delegate took on the holder’s behalf under it'),
  })
  .meta({ id: 'Delegation', description: 'A delegation (ủy quyền) of a role at a unit' });

export const delegationListQuerySchema = z
  .object({
    unitId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('A unit’s delegations (for its officers and those above); without it, your own'),
  })
  .strict();

export const delegationListSchema = z
  .object({ items: z.array(delegationViewSchema) })
  .meta({ id: 'DelegationList', description: 'Delegations, newest first' });

export type DelegationRequest = z.input<typeof delegationRequestSchema>;
export type DelegationView = z.infer<typeof delegationViewSchema>;
export type DelegationStatus = z.infer<typeof delegationStatusSchema>;
