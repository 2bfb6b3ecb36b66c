import { z } from 'zod';
import type { AnyWorkflowDefinition } from '../define-workflow.ts';

type JsonSchema = Record<string, unknown>;

export interface LabelCheck {
  /** Every property visited, as a path ("input.awardForms[].name", "event SUBMIT_PLAN.items"). */
  fields: string[];
  /** What is missing where: an empty list when officers see their own words everywhere. */
  problems: string[];
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

const isLabel = (value: unknown): boolean => isSchema(value) && hasText(value['vi']) && hasText(value['en']);

/** Follows a local reference ("#", "#/$defs/Name") to the schema it names. */
function resolve(root: JsonSchema, node: JsonSchema): JsonSchema {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#')) return node;
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    target = isSchema(target)
      ? target[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')]
      : undefined;
  }
  return isSchema(target) ? { ...target, ...node, $ref: undefined } : node;
}

/**
 * Walks a JSON Schema and reports every property without an `x-label` (vi and en) and every
 * choice list (`enum`, or the `const` of a union's tag) without an `x-enumLabels` entry for each
 * value. Array items and union branches need no label of their own (their field has one), but
 * their properties and choices do.
 */
export function checkJsonSchemaLabels(root: JsonSchema, at: string): LabelCheck {
  const fields: string[] = [];
  const problems: string[] = [];
  const seen = new Set<JsonSchema>();

  const visit = (raw: JsonSchema, path: string, isProperty: boolean, inheritedChoices?: unknown): void => {
    const node = resolve(root, raw);
    if (isProperty) {
      fields.push(path);
      if (!isLabel(node['x-label'])) problems.push(`${path}: no x-label with vi and en`);
    }
    const choiceLabels = node['x-enumLabels'] ?? inheritedChoices;
    const values = Array.isArray(node['enum']) ? node['enum'] : 'const' in node ? [node['const']] : null;
    if (values) {
      if (!isSchema(choiceLabels)) {
        problems.push(`${path}: no x-enumLabels`);
      } else {
        for (const value of values) {
          if (!isLabel(choiceLabels[String(value)])) {
            problems.push(`${path}: no x-enumLabels entry with vi and en for ${JSON.stringify(value)}`);
          }
        }
        if (Array.isArray(node['enum'])) {
          for (const key of Object.keys(choiceLabels)) {
            if (!values.map(String).includes(key))
              problems.push(`${path}: x-enumLabels names unknown "${key}"`);
          }
        }
      }
    }
    // A schema reached twice through "$ref" (recursion) is checked once.
    if (seen.has(raw)) return;
    seen.add(raw);

    if (isSchema(node['properties'])) {
      for (const [name, child] of Object.entries(node['properties'])) {
        if (isSchema(child)) visit(child, `${path}.${name}`, true);
      }
    }
    if (isSchema(node['items'])) visit(node['items'], `${path}[]`, false);
    for (const key of ['prefixItems', 'items'] as const) {
      const list = node[key];
      if (Array.isArray(list))
        list.forEach((child, i) => isSchema(child) && visit(child, `${path}[${i}]`, false));
    }
    if (isSchema(node['additionalProperties'])) visit(node['additionalProperties'], `${path}{}`, false);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = node[key];
      if (!Array.isArray(branches)) continue;
      branches.forEach((child, i) => {
        // A nullable or optional choice keeps its labels on the field, around the branches.
        if (isSchema(child)) visit(child, `${path}|${i}`, false, choiceLabels);
      });
    }
  };

  visit(root, at, false);
  return { fields, problems };
}

/** Checks a zod schema as the server publishes it (its input side). */
export function checkSchemaLabels(schema: z.ZodType, at: string): LabelCheck {
  return checkJsonSchemaLabels(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema, at);
}

/** Checks a workflow's start input and every event payload. */
export function checkDefinitionLabels(definition: AnyWorkflowDefinition): LabelCheck {
  const checks = [
    checkSchemaLabels(definition.input, `${definition.id} input`),
    ...Object.entries(definition.events).map(([type, spec]) =>
      checkSchemaLabels(spec.payload, `${definition.id} event ${type}`),
    ),
  ];
  return {
    fields: checks.flatMap((check) => check.fields),
    problems: checks.flatMap((check) => check.problems),
  };
}
