import { boundedJson, commandFields, instanceViewSchema, sendBody } from '@doanflow/client/contract';
import type { AnyWorkflowDefinition, EventSpec } from '@doanflow/engine';
import { z } from 'zod';

/** "member-transfer" → "MemberTransfer", for operation ids. */
export const pascalCase = (id: string) =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

const both = (label: { vi: string; en: string }) => `${label.vi} / ${label.en}`;

/** An event a person may send (timer and link events are delivered by the server itself). */
export const personEvents = (definition: AnyWorkflowDefinition): [string, EventSpec][] =>
  Object.entries(definition.events).filter(([, spec]) => !spec.timer && !spec.link);

/**
 * What the documents of one workflow say: its start input, and each event a person may send with
 * its payload, as a `oneOf` on `type`. The bodies are checked by the engine (INVALID_INPUT,
 * INVALID_PAYLOAD, UNKNOWN_EVENT, as on /instances); these schemas are what a generated client
 * types.
 */
export function workflowSchemas(definition: AnyWorkflowDefinition) {
  const start = z
    .strictObject({ input: definition.input.describe(`The input that starts ${definition.id}`) })
    .describe(`Start ${both(definition.title)}`);
  const variants = personEvents(definition).map(([type, spec]) => {
    // The engine reads a missing payload as {}: optional where {} is a valid payload.
    const payload = spec.payload.safeParse({}).success ? spec.payload.optional() : spec.payload;
    return z
      .strictObject({ ...commandFields, type: z.literal(type).describe(both(spec.label)), payload })
      .describe(both(spec.label));
  });
  const send =
    variants.length === 0
      ? null
      : z
          .discriminatedUnion('type', variants as unknown as [z.ZodObject, ...z.ZodObject[]])
          .describe(`An event of ${both(definition.title)}, its payload by its type`);
  // A typed summary where the workflow declares one; the answer is serialized as on /instances.
  const instance = instanceViewSchema.extend({
    workflowId: z.literal(definition.id),
    ...(definition.summarySchema
      ? { summary: definition.summarySchema.describe(`The summary of ${both(definition.title)}`) }
      : {}),
  });
  return { start, send, instance };
}

/** What the routes check before the engine does (the same as POST /instances and its events). */
export const startEnvelope = z.strictObject({ input: boundedJson });
export const sendEnvelope = sendBody;
