import { z } from 'zod';
import { labelled } from '../field-labels.ts';
import type { Label, SummaryField } from '../define-workflow.ts';

/** Words several workflows' summaries share: a signed decision, who acted, when. */
const actingLabels: Record<string, Label> = {
  self: { vi: 'Ký tên cá nhân', en: 'In their own name' },
  TM: { vi: 'TM. (thay mặt tập thể)', en: 'TM. (on behalf of the committee)' },
  KT: { vi: 'KT. (ký thay)', en: 'KT. (as a deputy)' },
};

export const signedDocumentLabels: Readonly<Record<string, SummaryField>> = {
  number: { label: { vi: 'Số văn bản', en: 'Number' } },
  signedOn: { label: { vi: 'Ngày ký', en: 'Signed on' } },
  issuedOn: { label: { vi: 'Ngày ban hành', en: 'Issued on' } },
  signedBy: { label: { vi: 'Người ký', en: 'Signed by' } },
  acting: { label: { vi: 'Hình thức ký', en: 'Signing form' }, values: actingLabels },
  decidedBy: { label: { vi: 'Người quyết định', en: 'Decided by' } },
  at: { label: { vi: 'Thời điểm', en: 'At' } },
};

type JsonSchema = Record<string, unknown>;
const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The words a summary field had before it was typed: the first field of that name in the start
 * input, then in the payloads, then in `summaryLabels` — the order the panel and
 * `checkSummaryLabels` look them up in. `words(name, schema)` gives a typed field those words.
 */
export function summaryWords(
  input: z.ZodType,
  payloads: Readonly<Record<string, z.ZodType>>,
  labels: Readonly<Record<string, SummaryField>>,
) {
  const table = new Map<string, { label: Label; values?: Record<string, Label> }>();
  const visit = (node: unknown) => {
    if (!isSchema(node)) return;
    for (const [name, child] of Object.entries(isSchema(node['properties']) ? node['properties'] : {})) {
      if (isSchema(child) && isSchema(child['x-label']) && !table.has(name)) {
        const values = child['x-enumLabels'];
        table.set(name, {
          label: child['x-label'] as unknown as Label,
          ...(isSchema(values) ? { values: values as unknown as Record<string, Label> } : {}),
        });
      }
      visit(child);
    }
    visit(node['items']);
    for (const key of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(node[key])) (node[key] as unknown[]).forEach(visit);
  };
  const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  visit(toJson(input));
  for (const payload of Object.values(payloads)) visit(toJson(payload));
  for (const [name, field] of Object.entries(labels)) if (!table.has(name)) table.set(name, field);
  return <T extends z.ZodType>(name: string, schema: T): T => {
    const field = table.get(name);
    if (!field) throw new Error(`no words for the summary field "${name}"`);
    return labelled(schema, field.label, field.values);
  };
}

/** A host's comment on a member as it travels home (transfer v2) and into the year-end review. */
export const hostCommentLabels: Readonly<Record<string, SummaryField>> = {
  occasion: {
    label: { vi: 'Dịp nhận xét', en: 'Occasion' },
    values: {
      yearEnd: { vi: 'Cuối năm', en: 'Year end' },
      stayEnd: { vi: 'Kết thúc sinh hoạt tạm thời', en: 'End of the stay' },
    },
  },
  comment: { label: { vi: 'Nhận xét', en: 'Comment' } },
  recordedOn: { label: { vi: 'Ngày ghi nhận', en: 'Recorded on' } },
};
