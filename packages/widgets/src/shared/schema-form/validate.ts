import type { JsonSchema } from '@doanflow/client';
import type { Translate } from '../../i18n/translate.ts';
import { parseNatural, textFormat, type TextFormat } from './natural-input.ts';
import { fieldKind, normalize } from './schema.ts';

/** Error messages by field path ("a.b.0"), in the chosen language. */
export type FieldErrors = Record<string, string>;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** What a date or month field wants, said in the message that refuses it. */
const formatMessage: Record<
  TextFormat,
  'validation.month' | 'validation.monthDay' | 'validation.date' | 'validation.dateTime'
> = {
  month: 'validation.month',
  monthDay: 'validation.monthDay',
  date: 'validation.date',
  dateTime: 'validation.dateTime',
};

/** Checks a form value against its schema, the way the server will, so officers see why at once. */
export function validate(
  schema: JsonSchema,
  value: unknown,
  t: Translate,
  path = '',
  required = true,
): FieldErrors {
  const field = normalize(schema);
  const kind = fieldKind(field);
  const errors: FieldErrors = {};
  const fail = (message: string) => ({ [path]: message });

  if (kind === 'object') {
    const record = (value ?? {}) as Record<string, unknown>;
    for (const [name, child] of Object.entries(field.properties ?? {})) {
      const childPath = path ? `${path}.${name}` : name;
      Object.assign(
        errors,
        validate(child, record[name], t, childPath, field.required?.includes(name) ?? false),
      );
    }
    return errors;
  }
  if (kind === 'array') {
    const items = Array.isArray(value) ? value : [];
    if (field.minItems !== undefined && items.length < field.minItems)
      return fail(t('validation.minItems', { min: field.minItems }));
    items.forEach((item, index) =>
      Object.assign(errors, validate(field.items ?? {}, item, t, `${path}.${index}`, true)),
    );
    return errors;
  }
  if (kind === 'boolean') return errors;
  if (isEmpty(value)) return required ? fail(t('validation.required')) : errors;

  const text = String(value);
  if (kind === 'enum') return field.enum?.map(String).includes(text) ? errors : fail(t('validation.enum'));
  if (kind === 'number' || kind === 'integer') {
    // A decimal comma is how Vietnamese writes numbers ("2,5").
    const number = Number(text.trim().replace(',', '.'));
    if (text.trim() === '' || Number.isNaN(number)) return fail(t('validation.number'));
    if (kind === 'integer' && !Number.isInteger(number)) return fail(t('validation.integer'));
    if (field.minimum !== undefined && number < field.minimum)
      return fail(t('validation.minimum', { min: field.minimum }));
    if (field.exclusiveMinimum !== undefined && number <= field.exclusiveMinimum) {
      return fail(t('validation.minimum', { min: field.exclusiveMinimum + (kind === 'integer' ? 1 : 0) }));
    }
    if (field.maximum !== undefined && number > field.maximum)
      return fail(t('validation.maximum', { max: field.maximum }));
    return errors;
  }
  const format = textFormat(field);
  if (format) return parseNatural(format, text) === null ? fail(t(formatMessage[format])) : errors;
  const trimmed = text.trim();
  if (field.minLength !== undefined && trimmed.length < field.minLength) {
    return fail(
      field.minLength === 1 ? t('validation.required') : t('validation.minLength', { min: field.minLength }),
    );
  }
  if (field.maxLength !== undefined && text.length > field.maxLength)
    return fail(t('validation.maxLength', { max: field.maxLength }));
  if (field.pattern !== undefined && !safePattern(field.pattern).test(text)) {
    const example = field.examples?.find((sample) => typeof sample === 'string');
    return fail(example ? t('validation.patternExample', { example }) : t('validation.pattern'));
  }
  return errors;
}

function safePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return /[\s\S]*/;
  }
}

/** The value to send: numbers as numbers, empty optional fields left out. */
export function toSubmitValue(schema: JsonSchema, value: unknown): unknown {
  const field = normalize(schema);
  const kind = fieldKind(field);
  if (kind === 'object') {
    const record = (value ?? {}) as Record<string, unknown>;
    const entries = Object.entries(field.properties ?? {})
      .map(([name, child]) => [name, toSubmitValue(child, record[name])] as const)
      .filter(([, child]) => child !== undefined);
    return Object.fromEntries(entries);
  }
  if (kind === 'array')
    return (Array.isArray(value) ? value : []).map((item) => toSubmitValue(field.items ?? {}, item));
  if (isEmpty(value)) return undefined;
  if (kind === 'enum') return field.enum?.find((option) => String(option) === String(value)) ?? value;
  if (kind === 'number' || kind === 'integer') return Number(String(value).replace(',', '.'));
  const format = textFormat(field);
  return format ? (parseNatural(format, String(value)) ?? value) : value;
}
