import { z } from 'zod';
import { jsonSchemaSchema, labelSchema } from './common.ts';

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
  .meta({ id: 'StateNode', description: 'A state of the statechart with its transitions and children' });

export const definitionEventSchema = z.object({
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
  payload: jsonSchemaSchema,
});

export const definitionViewSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    versions: z.array(z.number().int()),
    title: labelSchema,
    description: labelSchema.nullable(),
    input: jsonSchemaSchema.describe('JSON Schema of the input that starts an instance'),
    events: z.array(definitionEventSchema),
    states: z.array(z.object({ path: z.string(), label: labelSchema })),
    summary: jsonSchemaSchema.describe(
      "Labels of the summary's fields the input and the payloads do not label (x-label, x-enumLabels)",
    ),
    statechart: z.array(stateNodeSchema),
  })
  .meta({ id: 'WorkflowDefinition', description: 'A workflow: its input, events, states and labels' });

const point = z.object({ x: z.number(), y: z.number() });

/**
 * A workflow's statechart laid out once on the server (elkjs, layered, top to bottom) with its
 * labels in one language, in diagram units (16 to the em). The widget draws it as SVG and marks the
 * instance's current state, the path taken and the waiting timers itself.
 */
export const diagramViewSchema = z
  .object({
    workflowId: z.string(),
    version: z.number().int(),
    locale: z.enum(['vi', 'en']),
    width: z.number(),
    height: z.number(),
    nodes: z.array(
      z.object({
        path: z.string().describe('The state path as in the definition ("year.quarter.planning")'),
        type: z.enum(['atomic', 'compound', 'parallel', 'final']),
        depth: z
          .number()
          .int()
          .describe('0 for a top-level state; a nested state is drawn inside its parent'),
        x: z.number(),
        y: z.number(),
        width: z.number(),
        height: z.number(),
        lines: z.array(z.string()).describe("The state's label, wrapped to the box"),
      }),
    ),
    edges: z.array(
      z.object({
        id: z.string(),
        from: z.string(),
        to: z.string(),
        events: z.array(z.string()).describe('The events that take this transition'),
        timer: z.boolean().describe('Taken only by a durable timer'),
        points: z.array(point).describe('From the source to the target, with the bends between'),
        label: z
          .object({
            x: z.number(),
            y: z.number(),
            width: z.number(),
            height: z.number(),
            lines: z.array(z.string()),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'WorkflowDiagram', description: "A workflow's statechart laid out for drawing" });
