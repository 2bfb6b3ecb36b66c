import {
  describeStates,
  summaryLabelsSchema,
  type AnyWorkflowDefinition,
  type WorkflowRegistry,
} from '@doanflow/engine';
import { z } from 'zod';
import type { DefinitionView } from '@doanflow/client';

export type { DefinitionView };

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
      summary: summaryLabelsSchema(definition),
      statechart: describeStates(definition),
    };
    cache.set(definition, view);
  }
  return { ...view, versions: registry.versions(definition.id) };
}
