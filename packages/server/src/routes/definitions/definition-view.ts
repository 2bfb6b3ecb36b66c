import { describeStates, type AnyWorkflowDefinition, type WorkflowRegistry } from '@doanflow/engine';
import { z } from 'zod';
import { labelSchema } from '../shared/views.ts';

const jsonSchema = z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12)');

/** One node of the statechart, as the engine's describeStates gives it (for diagrams). */
export const stateNodeSchema = z
  .object({
    path: z.string(),
    label: labelSchema,
    type: z.enum(['atomic', 'compound', 'parallel', 'final', 'history']),
    initial: z.string().nullable(),
    transitions: z.array(z.object({ event: z.string(), targets: z.array(z.string()), guarded: z.boolean() })),
    get children(): z.ZodArray<typeof stateNodeSchema> {
      return z.array(stateNodeSchema);
    },
  })
  .meta({ id: 'StateNode' });

export const definitionViewSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    versions: z.array(z.number().int()),
    title: labelSchema,
    description: labelSchema.nullable(),
    input: jsonSchema.describe('JSON Schema of the input that starts an instance'),
    events: z.array(
      z.object({
        type: z.string(),
        label: labelSchema,
        decision: z.boolean(),
        irreversible: z.boolean(),
        timer: z.boolean().describe('Delivered only by a durable timer, never by a person'),
        tone: z
          .enum(['positive', 'destructive', 'neutral'])
          .describe(
            'What the action means, for its colour: moves the request on, ends it against the asker, or neither',
          ),
        payload: jsonSchema,
      }),
    ),
    states: z.array(z.object({ path: z.string(), label: labelSchema })),
    summary: jsonSchema.describe(
      "Labels of the summary's fields the input and the payloads do not label (x-label, x-enumLabels)",
    ),
    statechart: z.array(stateNodeSchema),
  })
  .meta({ id: 'WorkflowDefinition' });

export type DefinitionView = z.infer<typeof definitionViewSchema>;

const toJsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

// Definitions never change while the process runs: describe each once.
const cache = new WeakMap<AnyWorkflowDefinition, Omit<DefinitionView, 'versions'>>();

export function describeDefinition(
  definition: AnyWorkflowDefinition,
  registry: WorkflowRegistry,
): DefinitionView {
  let view = cache.get(definition);
  if (!view) {
    view = {
      id: definition.id,
      version: definition.version,
      title: definition.title,
      description: definition.description ?? null,
      input: toJsonSchema(definition.input),
      events: Object.entries(definition.events).map(([type, spec]) => ({
        type,
        label: spec.label,
        decision: spec.decision === true,
        irreversible: spec.irreversible === true,
        timer: spec.timer === true,
        tone: spec.tone ?? 'neutral',
        payload: toJsonSchema(spec.payload),
      })),
      states: Object.entries(definition.states).map(([path, label]) => ({ path, label })),
      summary: summarySchema(definition),
      statechart: describeStates(definition),
    };
    cache.set(definition, view);
  }
  return { ...view, versions: registry.versions(definition.id) };
}

/** The summary's own labels as JSON Schema annotations, so clients read them like the input's. */
function summarySchema(definition: AnyWorkflowDefinition): Record<string, unknown> {
  const fields = Object.entries(definition.summaryLabels ?? {}).map(([name, field]) => [
    name,
    {
      title: field.label.en,
      'x-label': field.label,
      ...(field.values ? { 'x-enumLabels': field.values } : {}),
    },
  ]);
  return { type: 'object', properties: Object.fromEntries(fields) };
}
