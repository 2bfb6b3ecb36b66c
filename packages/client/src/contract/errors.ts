import { z } from 'zod';

/**
 * Every refusal and failure leaves the server as `{ code, message, details }`: `code` is stable
 * (portals switch on it), `details` has one shape per code, documented here.
 */

/** A validation issue. `path` is always the segments from the part's root: ["members", 0, "name"]. */
export const issueSchema = z
  .object({
    path: z
      .array(z.union([z.string(), z.number().int()]))
      .describe(
        'From the root of the input, payload or body part to the bad value: property names, and array indices as numbers',
      ),
    code: z.string().describe('What is wrong (zod issue code, or the JSON Schema keyword)'),
    message: z.string(),
  })
  .meta({ id: 'Issue', description: 'One validation issue' });

const issues = z.array(issueSchema);
const open = z.looseObject({});
const retryAfterSeconds = z.number().describe('Wait this long, then retry with the same Idempotency-Key');

/** Each code's details (extra fields may be added later: read only what you know). */
export const errorDetailsSchemas = {
  BAD_REQUEST: z.looseObject({
    part: z
      .enum(['body', 'params', 'querystring', 'headers'])
      .nullable()
      .optional()
      .describe('Which part of the request failed its schema'),
    issues: issues.optional(),
    reason: z.string().nullable().optional().describe('The HTTP layer’s own reason code'),
  }),
  INVALID_BULK_ITEMS: open,
  WEBHOOK_TARGET_REFUSED: open,
  PAYLOAD_TOO_LARGE: open,
  URI_TOO_LONG: open,
  HEADERS_TOO_LARGE: open,
  UNAUTHENTICATED: open,
  FORBIDDEN: open,
  NOT_FOUND: open,
  METHOD_NOT_ALLOWED: z.looseObject({ allow: z.array(z.string()).describe('The methods the path takes') }),
  UNSUPPORTED_MEDIA_TYPE: z.looseObject({
    accepts: z.array(z.string()).describe('The content types the route takes'),
  }),
  STALE_REVISION: z.looseObject({ currentRevision: z.number().int() }),
  REVISION_REQUIRED: z.looseObject({
    items: z.array(z.number().int()).optional().describe('In a bulk request: the items without a revision'),
  }),
  IDEMPOTENCY_KEY_REUSED: open,
  RATE_LIMITED: z.looseObject({
    limit: z.number().int().optional().describe('Requests allowed per window'),
    retryAfter: z.string().optional().describe('When to retry, in words ("1 minute")'),
  }),
  UNAVAILABLE: z.looseObject({ retryAfterSeconds }),
  INTERNAL: open,
  INVALID_INPUT: z.looseObject({ issues: issues.optional() }),
  INVALID_PAYLOAD: z.looseObject({ issues }),
  UNKNOWN_EVENT: z.looseObject({ events: z.array(z.string()).describe('The events the workflow has') }),
  EVENT_NOT_ALLOWED: z.looseObject({
    reason: z
      .enum([
        'state',
        'role',
        'not_named',
        'unit',
        'conflict_of_interest',
        'acting_form',
        'signatory',
        'guard',
        'timer_only',
        'link_only',
        'finished',
        'not_in_directory',
      ])
      .describe('Which check failed first'),
  }),
  UNKNOWN_WORKFLOW: z.looseObject({ workflowId: z.string().optional() }),
  UNKNOWN_VERSION: open,
  SNAPSHOT_MISMATCH: open,
  TIMER_NOT_PENDING: open,
  INVALID_DEFINITION: open,
  INVALID_DIRECTORY: z.looseObject({ issues: issues.optional() }),
  INVALID_CALENDAR: z.looseObject({ issues: issues.optional() }),
  INVALID_ATTACHMENTS: z.looseObject({ event: z.string().optional() }),
  MISSING_DOCUMENTS: open,
  EMPTY_FILE: open,
  FILE_TOO_LARGE: open,
  INVALID_FILE_NAME: open,
  UNSUPPORTED_FILE_TYPE: open,
  POLYGLOT_FILE: open,
  MALFORMED_FILE: open,
  ARCHIVE_TOO_EXPANSIVE: open,
  UNKNOWN_ATTACHMENT: open,
  RANGE_NOT_SATISFIABLE: open,
  CAMPAIGN_NOT_OPEN: open,
  DUPLICATE_NOMINATION: open,
  NOT_IN_CAMPAIGN: open,
  DELEGATE_NOT_IN_DIRECTORY: open,
  SELF_DELEGATION: open,
  DELEGATION_PERIOD_INVALID: open,
  NOT_ROLE_HOLDER: open,
  DELEGATION_NOT_ALLOWED: open,
  DELEGATION_OVERLAPS: z.looseObject({
    delegationId: z.string().optional().describe('The delegation already covering part of the period'),
  }),
  DELEGATION_NOT_ACTIVE: open,
} as const;

export type ErrorCode = keyof typeof errorDetailsSchemas;
export const errorCodes = Object.keys(errorDetailsSchemas) as ErrorCode[];
export const errorCodeSchema = z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]).meta({ id: 'ErrorCode' });

type ErrorVariant<C extends ErrorCode> = z.ZodObject<{
  code: z.ZodLiteral<C>;
  message: z.ZodString;
  details: (typeof errorDetailsSchemas)[C];
}>;

const variant = <C extends ErrorCode>(code: C): ErrorVariant<C> =>
  z
    .object({ code: z.literal(code), message: z.string(), details: errorDetailsSchemas[code] })
    .meta({ id: `Error_${code}` }) as unknown as ErrorVariant<C>;

/** The one JSON shape every refusal and failure leaves in, discriminated by `code`. */
export const errorSchema = z
  .discriminatedUnion(
    'code',
    errorCodes.map(variant) as unknown as [ErrorVariant<ErrorCode>, ...ErrorVariant<ErrorCode>[]],
  )
  .meta({ id: 'Error', description: 'A refusal or failure: a stable code, a message, details by code' });

/** What an error body is, by its code. */
export type ErrorBody = {
  [C in ErrorCode]: { code: C; message: string; details: z.output<(typeof errorDetailsSchemas)[C]> };
}[ErrorCode];
