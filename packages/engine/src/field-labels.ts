import { z } from 'zod';
import type { AnyWorkflowDefinition, Label } from './define-workflow.ts';

/**
 * Gives a schema field the words an officer reads: `x-label` (vi/en) and, for choices,
 * `x-enumLabels`. They travel into the JSON Schema the server publishes, so generated forms and
 * summaries show "Loại chuyển" instead of "kind". Validation is unchanged.
 */
export function labelled<T extends z.ZodType>(schema: T, label: Label, choices?: Record<string, Label>): T {
  return schema.meta({
    title: label.en,
    'x-label': label,
    ...(choices ? { 'x-enumLabels': choices } : {}),
  }) as T;
}

/**
 * A workflow's summary as JSON Schema with its words: the fields of `summarySchema` (typed, with the
 * labels `labelled` gave them) and the `summaryLabels` annotations, the same shape as the input's.
 * What the server publishes as a definition's `summary` and what the label checks read.
 */
export function summaryLabelsSchema(definition: AnyWorkflowDefinition): Record<string, unknown> {
  const typed = definition.summarySchema
    ? (z.toJSONSchema(definition.summarySchema, { io: 'output', unrepresentable: 'any' }) as {
        properties?: Record<string, Record<string, unknown>>;
      })
    : {};
  const properties: Record<string, Record<string, unknown>> = { ...typed.properties };
  for (const [name, field] of Object.entries(definition.summaryLabels ?? {})) {
    properties[name] = {
      ...properties[name],
      title: field.label.en,
      'x-label': field.label,
      ...(field.values ? { 'x-enumLabels': field.values } : {}),
    };
  }
  return { type: 'object', properties };
}
