import { z } from 'zod';
import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import { summaryLabelsSchema } from '../field-labels.ts';

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

/**
 * Every labelled field a definition publishes, by name, at any depth: the start input, the event
 * payloads and the summary's own labels. The approval panel labels a summary field from this table.
 */
function labelTable(definition: AnyWorkflowDefinition): Map<string, JsonSchema> {
  const table = new Map<string, JsonSchema>();
  const visit = (node: unknown) => {
    if (!isSchema(node)) return;
    for (const [name, child] of Object.entries(isSchema(node['properties']) ? node['properties'] : {})) {
      if (isSchema(child) && isLabel(child['x-label']) && !table.has(name)) table.set(name, child);
      visit(child);
    }
    visit(node['items']);
    for (const key of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(node[key])) (node[key] as unknown[]).forEach(visit);
  };
  const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  visit(toJson(definition.input));
  for (const spec of Object.values(definition.events)) visit(toJson(spec.payload));
  visit(summaryLabelsSchema(definition));
  return table;
}

/**
 * Checks a workflow's summary as officers will read it, for sample contexts (take them from an
 * InstanceDriver's walk: every state a request passes through): every field, at any depth, has
 * vi/en words from the input, a payload or `summaryLabels`, and every code a labelled choice field
 * holds has its value's words. `named` says which keys the server names itself (people's and
 * units' ids, such as a quota keyed by unit). Without this, the panel falls back to a field name
 * made from the key, in English. With a `summarySchema`, the summary must also match it exactly.
 */
export function checkSummaryLabels(
  definition: AnyWorkflowDefinition,
  contexts: readonly unknown[],
  named: (key: string) => boolean = () => false,
): LabelCheck {
  const table = labelTable(definition);
  const fields = new Set<string>();
  const problems = new Set<string>();
  const visit = (value: unknown, at: string, field: JsonSchema | undefined): void => {
    if (Array.isArray(value)) {
      const items = isSchema(field?.['items']) ? field['items'] : field;
      return value.forEach((item) => visit(item, `${at}[]`, items));
    }
    const choices = field?.['x-enumLabels'];
    if (typeof value === 'string' && isSchema(choices) && !isLabel(choices[value]))
      problems.add(`${at}: no words for the value ${JSON.stringify(value)}`);
    if (!isSchema(value) || isLabel(value)) return;
    // A tagged union: the branch whose tags the value carries.
    const branches = (field?.['anyOf'] ?? field?.['oneOf']) as JsonSchema[] | undefined;
    const branch =
      branches?.find((variant) =>
        Object.entries((variant['properties'] ?? {}) as Record<string, JsonSchema>).every(
          ([name, property]) => !('const' in property) || property['const'] === value[name],
        ),
      ) ?? field;
    const properties = (isSchema(branch?.['properties']) ? branch['properties'] : {}) as Record<
      string,
      JsonSchema
    >;
    for (const [key, child] of Object.entries(value)) {
      const labelled = properties[key] ?? table.get(key);
      fields.add(`${at}.${key}`);
      if (!isLabel(labelled?.['x-label']) && !named(key))
        problems.add(`${at}.${key}: no x-label with vi and en`);
      visit(child, `${at}.${key}`, labelled);
    }
  };
  for (const context of contexts) {
    const summary = definition.summary?.(context as never) ?? {};
    visit(summary, `${definition.id} summary`, undefined);
    // A typed summary says what clients get: summary() builds exactly that shape, no field beside it.
    const typed = definition.summarySchema?.strict().safeParse(summary);
    for (const issue of typed?.success === false ? typed.error.issues : []) {
      const where = [`${definition.id} summary`, ...issue.path.map(String)].join('.');
      problems.add(`${where}: does not match summarySchema (${issue.message})`);
    }
  }
  return { fields: [...fields], problems: [...problems].sort() };
}
