import { demoDirectoryData, unionWorkflows, WorkflowRegistry, type InstanceSnapshot } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { TravelClock } from '../../src/demo/travel-clock.ts';
import { describeDefinition } from '../../src/routes/definitions/definition-view.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, uniqueName } from './support.ts';

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
  'x-label'?: unknown;
  'x-enumLabels'?: Record<string, unknown>;
}

const schema = uniqueName('rt_words');
const clock = new TravelClock();
const registry = new WorkflowRegistry(unionWorkflows);
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, registry });
  await seedDemo(runtime, clock);
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** Every labelled field of a definition as the server publishes it, by name, at any depth. */
function labelTable(view: ReturnType<typeof describeDefinition>): Map<string, Schema> {
  const table = new Map<string, Schema>();
  const visit = (node: Schema | undefined) => {
    if (!node) return;
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (child['x-label'] && !table.has(name)) table.set(name, child);
      visit(child);
    }
    visit(node.items);
    for (const branch of node.anyOf ?? []) visit(branch);
  };
  for (const part of [view.input, ...view.events.map((event) => event.payload), view.summary])
    visit(part as Schema);
  return table;
}

/** Ids the server names for officers (InstanceView.names): a unit's quota is keyed by the unit. */
const named = new Set([...demoDirectoryData.units, ...demoDirectoryData.people].map((each) => each.id));

describe('the request details, in words', () => {
  it('labels every field of every demo request’s summary, codes included, from the workflow’s own table', async () => {
    const rows = await runtime.db.query<{ workflow_id: string; version: number; snapshot: InstanceSnapshot }>(
      'select workflow_id, version, snapshot from instances',
    );
    expect(new Set(rows.map((row) => row.workflow_id)).size).toBeGreaterThanOrEqual(5);
    const problems = new Set<string>();
    for (const row of rows) {
      const definition = registry.get(row.workflow_id, row.version);
      const table = labelTable(describeDefinition(definition, registry));
      const visit = (value: unknown, at: string, field: Schema | undefined): void => {
        if (Array.isArray(value))
          return value.forEach((item) => visit(item, `${at}[]`, field?.items ?? field));
        if (typeof value === 'string' && field?.['x-enumLabels'] && !field['x-enumLabels'][value])
          problems.add(`${row.workflow_id} ${at}: no label for the value "${value}"`);
        if (!value || typeof value !== 'object' || ('vi' in value && 'en' in value)) return;
        // A tagged union: the branch whose tags the value carries.
        const branch =
          (field?.anyOf ?? field?.oneOf)?.find((variant) =>
            Object.entries(variant.properties ?? {}).every(
              ([name, property]) => property.const === undefined || property.const === (value as never)[name],
            ),
          ) ?? field;
        for (const [key, child] of Object.entries(value)) {
          const labelled = branch?.properties?.[key] ?? table.get(key);
          if (!labelled?.['x-label'] && !named.has(key))
            problems.add(`${row.workflow_id} ${at}.${key}: no label`);
          visit(child, `${at}.${key}`, labelled);
        }
      };
      visit(definition.summary?.(row.snapshot.machine.context as never) ?? {}, 'summary', undefined);
    }
    expect([...problems].sort()).toEqual([]);
  });
});
