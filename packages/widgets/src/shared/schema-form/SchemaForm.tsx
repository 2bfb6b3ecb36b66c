import type { JsonSchema, Locale } from '@doanflow/client';
import type { Translate } from '../../i18n/translate.ts';
import type { FormError } from '../ErrorSummary.tsx';
import { fieldId, SchemaField } from './SchemaField.tsx';
import { fieldKind, fieldLabel, normalize } from './schema.ts';
import type { FieldErrors } from './validate.ts';

interface SchemaFormFieldsProps {
  schema: JsonSchema;
  idPrefix: string;
  value: unknown;
  errors: FieldErrors;
  onChange: (value: unknown) => void;
}

/** The fields of a whole object schema (the form element and buttons belong to the caller). */
export function SchemaFormFields({ schema, idPrefix, value, errors, onChange }: SchemaFormFieldsProps) {
  return (
    <SchemaField
      schema={schema}
      name=""
      path=""
      idPrefix={idPrefix}
      value={value}
      required
      errors={errors}
      onChange={onChange}
    />
  );
}

export { hasFields, initialValue } from './schema.ts';
export { toSubmitValue, validate } from './validate.ts';
export type { FieldErrors } from './validate.ts';

/** Server validation issues (zod's `{ path, message }`) as field errors, when the details carry them. */
export function serverFieldErrors(details: Record<string, unknown>): FieldErrors {
  const issues = details['issues'];
  if (!Array.isArray(issues)) return {};
  const errors: FieldErrors = {};
  for (const issue of issues as { path?: unknown; message?: unknown }[]) {
    if (Array.isArray(issue.path) && typeof issue.message === 'string')
      errors[issue.path.join('.')] = issue.message;
  }
  return errors;
}

/** Field errors as the error summary lists them: each with its field's label and control id. */
export function formErrors(
  schema: JsonSchema,
  errors: FieldErrors,
  idPrefix: string,
  locale: Locale,
  t: Translate,
): FormError[] {
  return Object.entries(errors).map(([path, message]) => {
    const labels: string[] = [];
    let field = normalize(schema);
    for (const part of path.split('.').filter(Boolean)) {
      if (fieldKind(field) === 'array') {
        labels.push(t('start.item', { index: Number(part) + 1 }));
        field = normalize(field.items);
      } else {
        field = normalize(field.properties?.[part]);
        labels.push(fieldLabel(field, part, locale));
      }
    }
    return { message, fieldId: fieldId(idPrefix, path), label: labels.join(' › ') };
  });
}
