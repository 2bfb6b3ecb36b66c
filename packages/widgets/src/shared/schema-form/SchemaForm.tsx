import type { JsonSchema } from '../../client/types.ts';
import { SchemaField } from './SchemaField.tsx';
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
