import { z } from 'zod';
import { actingFormSchema, calendarDate, instant, labelSchema } from './common.ts';
import { recordFactSchema } from './records.ts';
import { errorCodeSchema } from './errors.ts';

/** A director's office, as the directory records who holds it. */
export const officeTitleSchema = z.enum([
  'secretary',
  'deputySecretary',
  'standingMember',
  'committeeMember',
]);

/** A signature as the document prints it: "TM. BAN THƯỜNG VỤ" over "PHÓ BÍ THƯ" and the name. */
export const signatureSchema = z.object({
  heading: z.string().describe('The line above the signature: "TM. BAN THƯỜNG VỤ" or "KT. BÍ THƯ"'),
  title: z.string().describe('The signer\'s title printed under it: "BÍ THƯ" or "PHÓ BÍ THƯ"'),
  office: officeTitleSchema,
  name: z.string(),
});

/** An event the caller may send now: a button of the portal. */
export const allowedEventSchema = z
  .object({
    type: z.string().describe('The event name, e.g. "APPROVE"'),
    label: labelSchema,
    acting: z.array(actingFormSchema).describe('The forms the caller may sign it in'),
    decision: z.boolean().describe('A decision taken in an official capacity (recorded with its form)'),
    irreversible: z.boolean().describe('Cannot be undone: ask before sending'),
  })
  .meta({ id: 'AllowedEvent' });

export const pendingTimerSchema = z
  .object({
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
  })
  .meta({ id: 'PendingTimer', description: 'A durable timer that will deliver an event when due' });

export const taskViewSchema = z
  .object({
    instanceId: z.string(),
    workflowId: z.string(),
    state: z.string(),
    stateLabel: labelSchema,
    title: labelSchema,
    role: z.string(),
    roleLabel: labelSchema.describe(
      "The role's words: the workflow's own roles, then the Union's (the id when neither names it)",
    ),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    personId: z.string().nullable(),
    events: z.array(z.string()),
    due: instant.nullable(),
    overdue: z.boolean(),
    subject: z.string().describe("The instance's subject and summary line, for the inbox list"),
    updatedAt: instant,
    revision: z
      .number()
      .int()
      .optional()
      .describe("In an inbox page: the instance's revision, for a decision's expectedRevision"),
    delegatedFrom: z
      .object({ personId: z.string(), name: z.string().nullable(), until: calendarDate })
      .optional()
      .describe('In an inbox page: the task is yours by a delegation from this holder, until that day'),
  })
  .meta({ id: 'Task', description: 'Work waiting for a role at a unit (or a named person)' });

export const instanceViewSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    version: z.number().int(),
    title: labelSchema,
    state: z.string(),
    stateLabel: labelSchema,
    status: z.enum(['active', 'done']),
    revision: z.number().int().describe('Grows by one with each event; the ETag'),
    orgUnitId: z.string(),
    summary: z
      .record(z.string(), z.unknown())
      .describe("The workflow's summary fields (typed per workflow: see the InstanceSummary schemas)"),
    names: z
      .record(z.string(), z.string())
      .describe('Display names of the people and units whose ids appear in the summary'),
    tasks: z.array(taskViewSchema),
    allowedEvents: z.array(allowedEventSchema).describe('The events the caller may send now'),
    timers: z.array(pendingTimerSchema),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Instance', description: 'What a caller sees of an instance' });

export const attachmentRefSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

/** An official document a decision issued: its number, its PDF's digest, its verification code. */
export const issuedDocumentRefSchema = z.object({
  id: z.string(),
  kind: z.string(),
  number: z.string(),
  sha256: z.string(),
  code: z.string(),
});

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
      roleLabel: labelSchema.describe("The role's words, as for a task"),
      unitId: z.string().nullable(),
      acting: actingFormSchema,
      signature: signatureSchema.optional(),
      onBehalfOf: z
        .string()
        .optional()
        .describe('Set when a delegate acted: the holder on whose behalf (ủy quyền); under the hash chain'),
      onBehalfOfName: z.string().nullable().optional(),
      name: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
    acting: actingFormSchema,
    timerId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string(),
    policy: z.record(z.string(), z.unknown()).optional(),
    attachments: z
      .array(attachmentRefSchema)
      .optional()
      .describe('The files sent with the event; their digests are under the hash chain'),
    issued: z
      .array(issuedDocumentRefSchema)
      .optional()
      .describe(
        'The official documents the decision issued (GET /issued-documents/{id}/pdf, public /verify/{code}); their PDFs’ digests are under the hash chain',
      ),
    recordRead: z
      .array(recordFactSchema)
      .optional()
      .describe(
        'The facts of a unit’s or person’s record the server read for this step (a year-end review reads the person’s year), kept in the history',
      ),
    hash: z.string(),
    prevHash: z.string().nullable(),
  })
  .meta({ id: 'HistoryEntry', description: 'Who did what, when, in which role and form; hash-chained' });

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
  .meta({ id: 'InboxPage', description: "A page of the caller's open tasks, with counts" });

export const bulkResultSchema = z
  .discriminatedUnion('ok', [
    z.object({ instanceId: z.string(), ok: z.literal(true), instance: instanceViewSchema }),
    z.object({
      instanceId: z.string(),
      ok: z.literal(false),
      error: z.object({ code: errorCodeSchema, message: z.string(), details: z.unknown().optional() }),
    }),
  ])
  .meta({ id: 'BulkResult', description: 'One item of a bulk send: the instance, or why it failed' });

export const changeEventSchema = z
  .object({
    instanceId: z.string(),
    workflowId: z.string(),
    state: z.string(),
    revision: z.number().int(),
    unitIds: z
      .array(z.string())
      .describe("Units whose officers see the change (the instance's units and their tasks' units)"),
    personIds: z.array(z.string()),
  })
  .meta({ id: 'ChangeEvent', description: 'A change a caller may see, pushed over Server-Sent Events' });
