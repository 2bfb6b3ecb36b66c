import type { z } from 'zod';
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
 * A workflow's `summaryLabels` as JSON Schema annotations, the same shape as the input's: what the
 * server publishes as a definition's `summary` and what the label checks read.
 */
export function summaryLabelsSchema(definition: AnyWorkflowDefinition): Record<string, unknown> {
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
