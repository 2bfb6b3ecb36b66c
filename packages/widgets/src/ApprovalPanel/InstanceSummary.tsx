import { useMemo, type ReactNode } from 'react';
import type { JsonSchema } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import {
  fieldKind,
  fieldLabel,
  normalize,
  variantFor,
  type FieldSchema,
} from '../shared/schema-form/schema.ts';
import type { ApprovalData } from './approval.machine.ts';
import { useWords, type Words } from './summary-words.ts';

/**
 * The workflow's label table: every field, at any depth, of its start input, of its events'
 * payloads (a summary also shows what decisions added, such as "dues paid through") and of the
 * labels the workflow gives its summary's own fields. The first labelled definition of a name wins.
 */
function labelTable(definition: ApprovalData['definition']): Map<string, FieldSchema> {
  const table = new Map<string, FieldSchema>();
  const visit = (schema: JsonSchema | undefined) => {
    const field = normalize(schema);
    for (const [name, child] of Object.entries(field.properties ?? {})) {
      const described = normalize(child);
      if (!table.has(name) || (!table.get(name)!['x-label'] && described['x-label']))
        table.set(name, described);
      visit(child);
    }
    if (field.items) visit(field.items);
  };
  const schemas = [definition.input, ...definition.events.map((event) => event.payload), definition.summary];
  for (const schema of schemas) visit(schema);
  return table;
}

/**
 * The instance's data in words, under the workflow's own labels: choices by their labels, people
 * and units by their names, days and months as dates, yes/no, nested groups as nested lists —
 * never JSON, an id or a raw timestamp. Values that say nothing to an officer (an id the server
 * could not name) are left out.
 */
export function InstanceSummary({ data }: { data: ApprovalData }) {
  const { locale, t } = useDoanflow();
  const { instance, definition } = data;
  const table = useMemo(() => labelTable(definition), [definition]);
  const words = useWords(instance.names ?? {});
  return (
    <section className="df-ApprovalPanel-summarySection" aria-label={t('approval.summary')}>
      <p className="df-ApprovalPanel-state">
        <span className="df-Widget-muted">{t('approval.currentState')}: </span>
        <strong>{pickLabel(instance.stateLabel, locale)}</strong>
      </p>
      <Fields record={instance.summary} schema={undefined} table={table} words={words} />
    </section>
  );
}

interface FieldsProps {
  record: Record<string, unknown>;
  schema: FieldSchema | undefined;
  table: Map<string, FieldSchema>;
  words: Words;
}

function Fields({ record, schema, table, words }: FieldsProps) {
  const { locale } = useDoanflow();
  const rows = Object.entries(record).flatMap(([key, value]) => {
    const field = normalize(schema?.properties?.[key] as JsonSchema | undefined);
    const known = Object.keys(field).length ? field : (table.get(key) ?? {});
    const shown = <Value value={value} field={known} table={table} words={words} />;
    const label = words.nameOf(key) ?? fieldLabel(known, key, locale);
    return words.isEmpty(value, known) ? [] : [{ key, label, shown }];
  });
  if (rows.length === 0) return null;
  return (
    <dl className="df-ApprovalPanel-summary">
      {rows.map(({ key, label, shown }) => (
        <div key={key} className="df-ApprovalPanel-summaryRow">
          <dt className="df-ApprovalPanel-summaryKey">{label}</dt>
          <dd className="df-ApprovalPanel-summaryValue">{shown}</dd>
        </div>
      ))}
    </dl>
  );
}

function Value({
  value,
  field,
  table,
  words,
}: { value: unknown; field: FieldSchema } & Omit<FieldsProps, 'record' | 'schema'>): ReactNode {
  if (Array.isArray(value)) {
    // A list of codes carries its choices' labels on the list itself (labelled(z.array(z.enum()))).
    const items = normalize(field.items);
    const item = { ...items, 'x-enumLabels': items['x-enumLabels'] ?? field['x-enumLabels'] };
    const shown = value.filter((entry) => !words.isEmpty(entry, item));
    if (shown.every((entry) => words.scalar(entry, item) !== null))
      return shown.map((entry) => words.scalar(entry, item)).join(', ');
    return (
      <ul>
        {shown.map((entry, index) => (
          <li key={index}>
            <Value value={entry} field={item} table={table} words={words} />
          </li>
        ))}
      </ul>
    );
  }
  const scalar = words.scalar(value, field);
  if (scalar !== null) return scalar;
  if (value && typeof value === 'object') {
    const variant = variantFor(field, value);
    return (
      <Fields
        record={value as Record<string, unknown>}
        schema={fieldKind(variant) === 'object' ? variant : undefined}
        table={table}
        words={words}
      />
    );
  }
  return null;
}
