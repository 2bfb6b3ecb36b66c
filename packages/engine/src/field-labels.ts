import type { z } from 'zod';
import type { Label } from './define-workflow.ts';

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
