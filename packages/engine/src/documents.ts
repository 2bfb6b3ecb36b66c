import { z } from 'zod';
import type { AnyWorkflowDefinition, Label, PermissionRule } from './define-workflow.ts';
import { WorkflowError } from './errors.ts';
import { ownEntry } from './own-key.ts';

/**
 * The file types a dossier may hold. The server decides a file's type from its bytes (never from
 * its name or the browser's header) and refuses everything else: markup, scripts, executables,
 * archives, polyglots.
 */
export const fileTypes = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;
export type FileType = keyof typeof fileTypes;
export type MediaType = (typeof fileTypes)[FileType];

/** A signed paper as officers have it: scanned to PDF or photographed. */
export const scanTypes: readonly FileType[] = ['pdf', 'jpeg', 'png', 'webp'];
export const imageTypes: readonly FileType[] = ['jpeg', 'png', 'webp'];
/** A text still being written: a scan, or the word-processor file. */
export const writtenTypes: readonly FileType[] = [...scanTypes, 'docx', 'odt'];

export const MiB = 1024 * 1024;

/** Who may upload a kind: a role at one of the instance's units, in some states — like events. */
export type UploadRule<TContext = any> = Omit<PermissionRule<TContext>, 'event'>;

export interface DocumentKind<TContext = any> {
  label: Label;
  accepts: readonly FileType[];
  /** Largest file in bytes, unless the deployment's policy says otherwise (a **policy**). */
  maxBytes: number;
  /** Without rules: whoever may now send an event that takes this kind. */
  upload?: readonly UploadRule<TContext>[];
}

export interface EventDocuments<TContext = any> {
  /** Kinds this event may carry. */
  accepts: readonly string[];
  /** Kinds that must come with this very event (the meeting record of the meeting it reports). */
  requires?: readonly string[] | ((context: TContext) => readonly string[]);
  /** The event means nothing without a file (adding a document to the dossier). */
  atLeastOne?: boolean;
}

/** A workflow's documents: its kinds, which events take or require them, what its dossier lacks. */
export interface DocumentsSpec<TContext = any> {
  kinds: Readonly<Record<string, DocumentKind<TContext>>>;
  events: Readonly<Record<string, EventDocuments<TContext>>>;
  /**
   * Kinds the instance's own dossier (kept in its context) still lacks before it may move on; a
   * machine guard refuses to move on without them. Shown to officers as required.
   */
  missing?: (context: TContext) => readonly string[];
}

/**
 * What the engine sees of an attached file: the server stored the bytes, decided the type and
 * computed the digest. History entries keep these, so the hash chain covers the bytes.
 */
export const attachmentRefSchema = z.strictObject({
  id: z.string().min(1).max(100),
  kind: z.string().min(1).max(100),
  name: z.string().min(1).max(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256'),
  size: z.number().int().positive(),
  mediaType: z.enum(Object.values(fileTypes) as [MediaType, ...MediaType[]]),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/**
 * A deployment's document policy for one workflow, given as `documents` beside the workflow's own
 * policy overrides: `{ documents: { maxBytes: { achievementReport: 30 * MiB } } }`.
 */
export const documentPolicySchema = z.object({
  maxBytes: z
    .record(
      z.string(),
      z
        .number()
        .int()
        .positive()
        .max(1024 * MiB),
    )
    .default({}),
});

/** The largest file of a kind the deployment accepts. */
export function maxBytesOf(
  definition: AnyWorkflowDefinition,
  kind: string,
  policy: Record<string, unknown> = {},
): number {
  const spec = ownEntry(definition.documents?.kinds, kind);
  if (!spec) throw unknownKind(definition, kind);
  const parsed = documentPolicySchema.safeParse(policy['documents'] ?? {});
  if (!parsed.success) {
    throw new WorkflowError('INVALID_DEFINITION', `${definition.id}: the documents policy is not valid`);
  }
  return parsed.data.maxBytes[kind] ?? spec.maxBytes;
}

export const unknownKind = (definition: AnyWorkflowDefinition, kind: string) =>
  new WorkflowError('INVALID_ATTACHMENTS', `${definition.id} has no document kind "${kind}"`, {
    kind,
    kinds: Object.keys(definition.documents?.kinds ?? {}),
  });

/** Kinds an event requires in the instance's present state. */
export function requiredKinds(rules: EventDocuments | undefined, context: unknown): string[] {
  const requires = rules?.requires;
  if (!requires) return [];
  return [...(typeof requires === 'function' ? requires(context) : requires)];
}

/** At most 50 files with one event; built once (a zod schema costs more to build than to run). */
const attachmentListSchema = z.array(attachmentRefSchema).max(50);

/**
 * Checks the files sent with an event: each well formed, of a kind the event takes and of a type
 * that kind accepts, none twice; every required kind present. Returns them as the history keeps them.
 */
export function checkAttachments(
  definition: AnyWorkflowDefinition,
  context: unknown,
  eventType: string,
  raw: readonly unknown[],
): AttachmentRef[] {
  const rules = ownEntry(definition.documents?.events, eventType);
  const invalid = (message: string, details: Record<string, unknown> = {}) =>
    new WorkflowError('INVALID_ATTACHMENTS', message, { event: eventType, ...details });
  const parsed = attachmentListSchema.safeParse(raw);
  if (!parsed.success) throw invalid(`the files sent with ${eventType} are not valid`);
  const attachments = parsed.data;
  if (attachments.length > 0 && !rules) throw invalid(`${eventType} takes no documents`);
  const seen = new Set<string>();
  for (const attachment of attachments) {
    if (seen.has(attachment.id)) throw invalid(`file ${attachment.id} is sent twice`, { id: attachment.id });
    seen.add(attachment.id);
    const kind = definition.documents!.kinds[attachment.kind];
    if (!kind || !rules!.accepts.includes(attachment.kind)) {
      throw invalid(`${eventType} does not take a document of kind "${attachment.kind}"`, {
        kind: attachment.kind,
        accepts: rules!.accepts,
      });
    }
    if (!kind.accepts.some((type) => fileTypes[type] === attachment.mediaType)) {
      throw invalid(`a ${attachment.kind} cannot be a ${attachment.mediaType} file`, {
        kind: attachment.kind,
        mediaType: attachment.mediaType,
      });
    }
  }
  const present = new Set(attachments.map((attachment) => attachment.kind));
  const missing = requiredKinds(rules, context).filter((kind) => !present.has(kind));
  if (missing.length > 0) {
    throw new WorkflowError('MISSING_DOCUMENTS', `${eventType} needs: ${missing.join(', ')}`, {
      event: eventType,
      missing,
    });
  }
  if (rules?.atLeastOne && attachments.length === 0) {
    throw new WorkflowError('MISSING_DOCUMENTS', `${eventType} needs at least one file`, {
      event: eventType,
      missing: [],
      atLeastOneOf: rules.accepts,
    });
  }
  return attachments;
}

/** Definition-time checks of a documents declaration; returns the problems found. */
export function documentProblems(definition: AnyWorkflowDefinition, statePaths: Set<string>): string[] {
  const spec = definition.documents;
  if (!spec) return [];
  const problems: string[] = [];
  for (const [id, kind] of Object.entries(spec.kinds)) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) problems.push(`document kind "${id}" is not a simple identifier`);
    if (!kind.label?.vi || !kind.label?.en) problems.push(`document kind "${id}" has no vi/en label`);
    if (kind.accepts.length === 0 || kind.accepts.some((type) => !(type in fileTypes))) {
      problems.push(`document kind "${id}" must accept known file types`);
    }
    if (!Number.isInteger(kind.maxBytes) || kind.maxBytes <= 0) {
      problems.push(`document kind "${id}" needs a positive maxBytes`);
    }
    for (const rule of kind.upload ?? []) {
      for (const state of rule.states) {
        if (!statePaths.has(state)) problems.push(`upload rule of "${id}" names unknown state "${state}"`);
      }
      if (!rule.subjectOnly && !rule.of) problems.push(`upload rule of "${id}" names no unit`);
    }
    const taken = Object.values(spec.events).some((event) => event.accepts.includes(id));
    if (!taken) problems.push(`document kind "${id}" is taken by no event`);
  }
  for (const [type, event] of Object.entries(spec.events)) {
    const eventSpec = definition.events[type];
    if (!eventSpec) problems.push(`documents for unknown event "${type}"`);
    else if (eventSpec.timer) problems.push(`"${type}" is a timer event: it carries no documents`);
    for (const kind of event.accepts) {
      if (!spec.kinds[kind]) problems.push(`"${type}" takes unknown document kind "${kind}"`);
    }
    if (typeof event.requires === 'object') {
      for (const kind of event.requires) {
        if (!event.accepts.includes(kind)) problems.push(`"${type}" requires "${kind}" but does not take it`);
      }
    }
  }
  return problems;
}
