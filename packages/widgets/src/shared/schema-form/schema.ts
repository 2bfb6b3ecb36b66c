import type { JsonSchema, Label, Locale } from '@doanflow/client';
import { textFormat, writeNatural } from './natural-input.ts';

/** The part of JSON Schema (draft 2020-12, as zod exports it) the generated forms understand. */
export interface FieldSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  /** Optional doanflow extension: a label in both languages. */
  'x-label'?: Label;
  /** Optional doanflow extension: labels of enum values in both languages. */
  'x-enumLabels'?: Record<string, Label>;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export type FieldKind = 'text' | 'enum' | 'boolean' | 'date' | 'number' | 'integer' | 'object' | 'array';

/** Unwraps `anyOf: [X, {type: 'null'}]` (nullable) to X. */
export function normalize(schema: JsonSchema | undefined): FieldSchema {
  const field = (schema ?? {}) as FieldSchema;
  const variants = field.anyOf ?? field.oneOf;
  if (variants) {
    const concrete = variants.filter((variant) => (variant as FieldSchema).type !== 'null');
    if (concrete.length === 1)
      return { ...field, ...normalize(concrete[0]), anyOf: undefined, oneOf: undefined };
  }
  return field;
}

/**
 * The branch of a tagged union (`anyOf` of objects told apart by a `const`, as zod's
 * discriminated unions publish them) that a value belongs to; the field itself otherwise.
 */
export function variantFor(field: FieldSchema, value: unknown): FieldSchema {
  const variants = (field.anyOf ?? field.oneOf)?.map((variant) => normalize(variant));
  if (!variants || !value || typeof value !== 'object') return field;
  const record = value as Record<string, unknown>;
  const matching = variants.find((variant) =>
    Object.entries(variant.properties ?? {}).every(([name, property]) => {
      const tag = normalize(property).const;
      return tag === undefined || record[name] === tag;
    }),
  );
  return matching ? { ...field, ...matching, anyOf: undefined, oneOf: undefined } : field;
}

const typeOf = (field: FieldSchema): string | undefined =>
  Array.isArray(field.type) ? field.type.find((type) => type !== 'null') : field.type;

export function fieldKind(field: FieldSchema): FieldKind {
  if (field.enum) return 'enum';
  const type = typeOf(field);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'object' || field.properties) return 'object';
  if (type === 'array') return 'array';
  if (field.format === 'date') return 'date';
  return 'text';
}

/** True when the schema asks for something a person fills in (an empty object asks nothing). */
export function hasFields(schema: JsonSchema | undefined): boolean {
  const field = normalize(schema);
  return fieldKind(field) !== 'object' || Object.keys(field.properties ?? {}).length > 0;
}

export function fieldLabel(field: FieldSchema, name: string, locale: Locale): string {
  if (field['x-label']) return field['x-label'][locale] || field['x-label'].vi;
  if (field.title) return field.title;
  // memberId → "Member id": readable until the workflow gives its fields titles.
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The starting value of a form for a schema: defaults where given (as an officer writes them), empty otherwise. */
export function initialValue(schema: JsonSchema | undefined): unknown {
  const field = normalize(schema);
  const format = textFormat(field);
  if (field.default !== undefined)
    return format && typeof field.default === 'string' ? writeNatural(format, field.default) : field.default;
  switch (fieldKind(field)) {
    case 'object':
      return Object.fromEntries(
        Object.entries(field.properties ?? {}).map(([name, child]) => [name, initialValue(child)]),
      );
    case 'array':
      return [];
    case 'boolean':
      return false;
    default:
      return '';
  }
}
