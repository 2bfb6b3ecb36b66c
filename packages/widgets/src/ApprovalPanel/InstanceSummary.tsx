import { useMemo } from 'react';
import type { Locale } from '../client/types.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { fieldLabel, normalize, type FieldSchema } from '../shared/schema-form/schema.ts';
import type { ApprovalData } from './approval.machine.ts';

/**
 * The workflow's label table: every field of its start input and of its events' payloads (a
 * summary also shows what decisions added, such as "dues paid through").
 */
function fieldsOf(definition: ApprovalData['definition']): Record<string, FieldSchema> {
  const fields: Record<string, FieldSchema> = {};
  for (const schema of [...definition.events.map((event) => event.payload), definition.input]) {
    for (const [name, field] of Object.entries(normalize(schema).properties ?? {})) {
      fields[name] = normalize(field);
    }
  }
  return fields;
}

/** The instance's data under the workflow's own field labels; every value is shown as plain text. */
export function InstanceSummary({ data }: { data: ApprovalData }) {
  const { locale, t } = useDoanflow();
  const { instance, definition } = data;
  const properties = useMemo(() => fieldsOf(definition), [definition]);
  const entries = Object.entries(instance.summary).filter(
    ([, value]) => value !== null && value !== undefined && value !== '',
  );
  return (
    <section className="df-ApprovalPanel-summarySection" aria-label={t('approval.summary')}>
      <p className="df-ApprovalPanel-state">
        <span className="df-Widget-muted">{t('approval.currentState')}: </span>
        <strong>{pickLabel(instance.stateLabel, locale)}</strong>
      </p>
      {entries.length ? (
        <dl className="df-ApprovalPanel-summary">
          {entries.map(([key, value]) => {
            const field = properties[key] ?? {};
            return (
              <div key={key} className="df-ApprovalPanel-summaryRow">
                <dt className="df-ApprovalPanel-summaryKey">{fieldLabel(field, key, locale)}</dt>
                <dd className="df-ApprovalPanel-summaryValue">
                  {displayValue(value, field, locale, t('start.yes'), instance.names ?? {})}
                </dd>
              </div>
            );
          })}
        </dl>
      ) : null}
    </section>
  );
}

function displayValue(
  value: unknown,
  field: FieldSchema,
  locale: Locale,
  yes: string,
  names: Record<string, string>,
): string {
  if (typeof value === 'boolean') return value ? yes : '—';
  if (typeof value === 'string') return field['x-enumLabels']?.[value]?.[locale] ?? names[value] ?? value;
  if (typeof value === 'number') return value.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  if (value && typeof value === 'object' && 'vi' in value && 'en' in value)
    return pickLabel(value as never, locale);
  return JSON.stringify(value);
}
