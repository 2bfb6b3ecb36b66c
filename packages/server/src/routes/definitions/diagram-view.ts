import { z } from 'zod';

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
  .meta({ id: 'WorkflowDiagram' });

export type DiagramView = z.infer<typeof diagramViewSchema>;
