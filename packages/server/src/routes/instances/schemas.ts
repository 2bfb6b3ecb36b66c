import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import { boundedJson } from '../shared/bounded-json.ts';
import { actingFormSchema } from '../shared/views.ts';

export const instanceIdParams = z.object({ id: z.string().min(1).max(200) });

const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'visible ASCII, at most 200 characters')
  .describe('A retried request with the same key returns the first answer');

// Other headers (Authorization…) pass through untouched: the parsed object replaces request.headers.
export const startHeaders = z.looseObject({ 'idempotency-key': idempotencyKey.optional() });
export const sendHeaders = z.looseObject({
  'idempotency-key': idempotencyKey.optional(),
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d{1,15}"?$/, 'a revision, e.g. "7"')
    .optional()
    .describe('The revision the caller saw (same as expectedRevision)'),
});

export const startBody = z.strictObject({
  workflowId: z.string().min(1).max(100),
  input: boundedJson.describe("The workflow's start input (see GET /definitions/{id})"),
});

const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const command = {
  type: z.string().min(1).max(100),
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
  expectedRevision: revision
    .optional()
    .describe('The revision the caller saw: a stale one is refused with 409 and the current revision'),
};

export const sendBody = z.strictObject(command);

export const bulkBody = z.strictObject({
  items: z
    .array(z.strictObject({ instanceId: z.string().min(1).max(200), ...command }))
    .min(1)
    .max(100),
});

/** The expected revision from the body or If-Match; both present must agree. */
export function expectedRevisionOf(bodyRevision: number | undefined, ifMatch: string | undefined) {
  const fromHeader =
    ifMatch === undefined ? undefined : Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
  if (bodyRevision !== undefined && fromHeader !== undefined && bodyRevision !== fromHeader) {
    throw new ServerError('BAD_REQUEST', 'If-Match and expectedRevision disagree', {
      ifMatch: fromHeader,
      expectedRevision: bodyRevision,
    });
  }
  return bodyRevision ?? fromHeader;
}
