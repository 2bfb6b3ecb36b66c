import { z } from 'zod';
import { officeTitles } from '@doanflow/engine';

/**
 * Response schemas mirroring the runtime contract's views (runner/contract.ts). They document the API
 * and are what responses are serialized against, so a field the contract does not promise never leaks.
 */
export const labelSchema = z.object({ vi: z.string(), en: z.string() }).meta({ id: 'Label' });
export const actingFormSchema = z.enum(['self', 'TM', 'KT']);

/** A signature as the document prints it: "TM. BAN THƯỜNG VỤ" over "PHÓ BÍ THƯ" and the name. */
export const signatureSchema = z.object({
  heading: z.string().describe('The line above the signature: "TM. BAN THƯỜNG VỤ" or "KT. BÍ THƯ"'),
  title: z.string().describe('The signer\'s title printed under it: "BÍ THƯ" or "PHÓ BÍ THƯ"'),
  office: z.enum(officeTitles),
  name: z.string(),
});
const instant = z.string().describe('ISO 8601 instant');

export const allowedEventSchema = z.object({
  type: z.string(),
  label: labelSchema,
  acting: z.array(actingFormSchema),
  decision: z.boolean(),
  irreversible: z.boolean(),
});

export const pendingTimerSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['deadline', 'reminder', 'escalation', 'expiry']),
  due: instant,
  event: z.object({ type: z.string(), payload: z.record(z.string(), z.unknown()) }),
  calendar: z
    .object({
      from: instant,
      workingDays: z.number().int(),
      versions: z
        .record(z.string(), z.number().int())
        .describe('Year → version of its holiday notice counted under (0: none, the statutory estimate)'),
      provisional: z.boolean().describe('Counted through a year whose holidays are not all published'),
    })
    .optional()
    .describe('For a due time counted in working days; it is counted again when a notice arrives'),
});

export const taskViewSchema = z
  .object({
    instanceId: z.string(),
    workflowId: z.string(),
    state: z.string(),
    stateLabel: labelSchema,
    title: labelSchema,
    role: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    personId: z.string().nullable(),
    events: z.array(z.string()),
    due: instant.nullable(),
    overdue: z.boolean(),
    subject: z.string(),
    updatedAt: instant,
    revision: z
      .number()
      .int()
      .optional()
      .describe("In an inbox page: the instance's revision, for a decision's expectedRevision"),
  })
  .meta({ id: 'Task' });

export const instanceViewSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    version: z.number().int(),
    title: labelSchema,
    state: z.string(),
    stateLabel: labelSchema,
    status: z.enum(['active', 'done']),
    revision: z.number().int(),
    orgUnitId: z.string(),
    summary: z.record(z.string(), z.unknown()),
    names: z.record(z.string(), z.string()),
    tasks: z.array(taskViewSchema),
    allowedEvents: z.array(allowedEventSchema).describe('The events the caller may send now'),
    timers: z.array(pendingTimerSchema),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Instance' });

export const historyViewSchema = z
  .object({
    seq: z.number().int(),
    type: z.string().describe('The event type, or "$start"'),
    payload: z.unknown(),
    comment: z.string().nullable(),
    at: instant,
    actor: z.object({
      personId: z.string().nullable(),
      role: z.string(),
      unitId: z.string().nullable(),
      acting: actingFormSchema,
      signature: signatureSchema.optional(),
      name: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
    acting: actingFormSchema,
    timerId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string(),
    policy: z.record(z.string(), z.unknown()).optional(),
    attachments: z
      .array(
        z.object({
          id: z.string(),
          kind: z.string(),
          name: z.string(),
          sha256: z.string(),
          size: z.number().int(),
          mediaType: z.string(),
        }),
      )
      .optional()
      .describe('The files sent with the event; their digests are under the hash chain'),
    issued: z
      .array(
        z.object({
          id: z.string(),
          kind: z.string(),
          number: z.string(),
          sha256: z.string(),
          code: z.string(),
        }),
      )
      .optional()
      .describe(
        'The official documents the decision issued (GET /issued-documents/{id}/pdf, public /verify/{code}); their PDFs’ digests are under the hash chain',
      ),
    hash: z.string(),
    prevHash: z.string().nullable(),
  })
  .meta({ id: 'HistoryEntry' });

export const inboxPageSchema = z
  .object({
    items: z.array(taskViewSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({
      total: z.number().int(),
      overdue: z.number().int(),
      byWorkflow: z.record(z.string(), z.number().int()),
    }),
  })
  .meta({ id: 'InboxPage' });

export const bulkResultSchema = z.discriminatedUnion('ok', [
  z.object({ instanceId: z.string(), ok: z.literal(true), instance: instanceViewSchema }),
  z.object({
    instanceId: z.string(),
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  }),
]);

export const changeEventSchema = z
  .object({
    instanceId: z.string(),
    workflowId: z.string(),
    state: z.string(),
    revision: z.number().int(),
    unitIds: z.array(z.string()),
    personIds: z.array(z.string()),
  })
  .meta({ id: 'ChangeEvent' });
