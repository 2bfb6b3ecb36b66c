import { describe, expect, it } from 'vitest';
import { migrationsBySchema, SCHEMA } from '../../src/persistence/migrations/index.ts';

/**
 * Statements the previous release cannot run beside: it would read a column that is gone, write a
 * row the new constraint refuses, or find a type it does not expect. Dropping an index is not here:
 * it costs speed, never correctness.
 */
const CONTRACTING: [string, RegExp][] = [
  ['drops a table', /\bdrop\s+table\b/i],
  ['drops a column', /\bdrop\s+column\b/i],
  ['renames', /\brename\b/i],
  ['changes a column type', /\balter\s+column\s+\S+\s+(set\s+data\s+)?type\b/i],
  ['makes a column NOT NULL', /\balter\s+column\s+\S+\s+set\s+not\s+null\b/i],
  ['drops a default', /\balter\s+column\s+\S+\s+drop\s+default\b/i],
  ['adds a constraint', /\badd\s+(constraint|primary\s+key|unique|check|foreign\s+key)\b/i],
  ['adds a unique index', /\bcreate\s+unique\s+index\b/i],
  // Even with a default: the previous release inserts whole rows through jsonb_populate_recordset,
  // which writes NULL into a column it does not know.
  ['adds a NOT NULL column', /\badd\s+column\s+[^,;]*\bnot\s+null\b/i],
  ['drops a type or function', /\bdrop\s+(type|function|trigger)\b/i],
];

async function statementsOf(type: (typeof migrationsBySchema)[number]['type']): Promise<string[]> {
  // A migration only collects SQL in up(); nothing here reaches a database.
  const migration = new type(undefined as never, undefined as never);
  await migration.up();
  return migration.getQueries().map((query) => String(query));
}

function contractions(statements: string[]): string[] {
  return statements.flatMap((sql) =>
    CONTRACTING.filter(([, pattern]) => pattern.test(sql)).map(([what]) => `${what}: ${sql.trim()}`),
  );
}

describe('migrations: expand, then contract', () => {
  it('only expands in every schema newer than the oldest one whose servers may run on it', async () => {
    const found: string[] = [];
    for (const { schema, name, type } of migrationsBySchema) {
      if (schema <= SCHEMA.compatibleFrom) continue;
      for (const problem of contractions(await statementsOf(type))) found.push(`${name} ${problem}`);
    }
    expect(found).toEqual([]);
  });

  it('recognises a contraction (the webhook topics migration of schema 1 adds NOT NULL, drops and renames)', async () => {
    const webhooks = migrationsBySchema.find(({ name }) => name.endsWith('webhook_topics_outbox_lease'))!;
    expect(webhooks.schema).toBeLessThanOrEqual(SCHEMA.compatibleFrom);
    const problems = contractions(await statementsOf(webhooks.type));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'adds a NOT NULL column',
      'drops a column',
      'renames',
    ]);
    expect(contractions(['alter table tasks add column x text not null'])).toHaveLength(1);
    expect(contractions(["alter table tasks add column x text[] not null default '{}'"])).toHaveLength(1);
    expect(contractions(["alter table tasks add column x text[] null default '{}'"])).toEqual([]);
    expect(contractions(["create index if not exists i on tasks (unit_id) where unit_path = '{}'"])).toEqual(
      [],
    );
  });

  it('lists the migrations in order, each schema at least the one before', () => {
    const names = migrationsBySchema.map(({ name }) => name);
    expect(names).toEqual([...names].sort());
    const schemas = migrationsBySchema.map(({ schema }) => schema);
    expect(schemas).toEqual([...schemas].sort((a, b) => a - b));
    expect(SCHEMA.compatibleFrom).toBeLessThanOrEqual(SCHEMA.version);
  });
});
