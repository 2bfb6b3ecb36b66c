import { z } from 'zod';
import { boundedJson } from './bounded-json.ts';
import { actingFormSchema, revisionSchema } from './common.ts';

/** What callers send: bodies, parameters and headers the routes validate. */

export const instanceIdParams = z.object({ id: z.string().min(1).max(200).describe('The instance id') });

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'visible ASCII, at most 200 characters')
  .describe('A retried request with the same key returns the first answer (kept 24 hours)');

export const ifMatchSchema = z
  .string()
  .regex(/^(W\/)?"?\d{1,15}"?$/, 'a revision, e.g. "7"')
  .describe('The revision the caller saw, as the ETag gave it (same as expectedRevision)');

// Other headers (Authorization…) pass through untouched: the parsed object replaces request.headers.
export const startHeaders = z.looseObject({ 'idempotency-key': idempotencyKeySchema.optional() });
export const sendHeaders = z.looseObject({
  'idempotency-key': idempotencyKeySchema.optional(),
  'if-match': ifMatchSchema.optional(),
});

export const startBody = z
  .strictObject({
    workflowId: z.string().min(1).max(100),
    input: boundedJson.describe("The workflow's start input (see GET /definitions/{id})"),
  })
  .meta({ id: 'StartRequest', description: 'Start an instance of any workflow' });

export const commandFields = {
  type: z.string().min(1).max(100).describe('The event name'),
  payload: boundedJson.optional(),
  comment: z.string().max(4000).nullable().optional(),
  acting: actingFormSchema.optional(),
  attachments: z
    .array(z.string().min(1).max(100))
    .max(50)
    .optional()
    .describe(
      'Ids of your uploads to this instance (POST /instances/{id}/attachments) that the event brings into the dossier',
    ),
  expectedRevision: revisionSchema
    .optional()
    .describe('The revision the caller saw: a stale one is refused with 409 and the current revision'),
};

export const sendBody = z
  .strictObject(commandFields)
  .meta({ id: 'SendRequest', description: 'An event (a decision) for an instance of any workflow' });

export const bulkBody = z.strictObject({
  items: z
    .array(z.strictObject({ instanceId: z.string().min(1).max(200), ...commandFields }))
    .min(1)
    .max(100),
});

export const inboxQuerySchema = z.object({
  workflowId: z.string().min(1).max(100).optional(),
  state: z.string().min(1).max(200).optional(),
  unitId: z.string().min(1).max(200).optional().describe('Only tasks at this unit or below it'),
  dueBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  search: z
    .string()
    .max(200)
    .optional()
    .describe('Ignores case and Vietnamese diacritics ("bi thu" finds "Bí thư")'),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const devTokenSchema = z
  .object({ token: z.string(), expiresAt: z.string(), personId: z.string(), name: z.string() })
  .meta({ id: 'DevToken', description: 'A development token for a person of the demo directory' });
