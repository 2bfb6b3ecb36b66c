import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { describeSchema, SchemaVersionError } from '../../src/db/schema-version.ts';
import { migrationsBySchema, migrationsList, SCHEMA } from '../../src/persistence/migrations/index.ts';
import { SERVER_VERSION } from '../../src/version.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

const run = promisify(execFile);
const schemas: string[] = [];
afterAll(() => Promise.all(schemas.map(dropSchema)));

function freshSchema(label: string): string {
  const schema = uniqueName(`rt_schema_${label}`);
  schemas.push(schema);
  return schema;
}

/** Opens, optionally runs `work` on the raw database, closes; returns what opening reported. */
async function open(schema: string, work?: (query: (sql: string) => Promise<unknown>) => Promise<void>) {
  const opened = await openDatabase({ databaseUrl: DATABASE_URL, schema, poolSize: 2 });
  try {
    await work?.((sql) => opened.db.query(sql));
    return opened.schema;
  } finally {
    await opened.db.close();
  }
}

/** Migrates to the end of schema 1: the database release 0.1.0 leaves. */
async function firstReleaseDatabase(schema: string): Promise<void> {
  const { db, orm } = await openDatabase({ databaseUrl: DATABASE_URL, schema, migrate: false });
  try {
    const migrator = orm.migrator as unknown as { up(options: { to: string }): Promise<unknown> };
    await migrator.up({ to: 'Migration20261125000100_tasks_autovacuum' });
  } finally {
    await db.close();
  }
}

const migrateCli = (schema: string) =>
  run(process.execPath, ['src/persistence/migrate-cli.ts'], {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, DATABASE_URL, DATABASE_SCHEMA: schema },
  });

describe('schema version', () => {
  it('this release writes schema 2 and lets servers of schema 1 (release 0.1.0) run on it', () => {
    expect(SCHEMA).toEqual({ version: 2, compatibleFrom: 1 });
  });

  it('upgrades a database of release 0.1.0 in place, records the version and says what it applied', async () => {
    const schema = freshSchema('upgrade');
    await firstReleaseDatabase(schema);
    const status = await open(schema);
    expect(status.found).toEqual({ version: 1, compatibleFrom: 1, writtenBy: '0.1.0' });
    // Every migration of schema 2, in order: this release's, and those of the work released with it.
    const schemaTwo = migrationsBySchema
      .filter((migration) => migration.schema === 2)
      .map(({ name }) => name);
    expect(schemaTwo).toContain('Migration20261204000000_schema_version');
    expect(status.applied).toEqual(schemaTwo);
    expect(status.current).toEqual({ version: 2, compatibleFrom: 1, writtenBy: SERVER_VERSION });
    expect(describeSchema(status)).toBe(
      `database: applied ${schemaTwo.length} migrations at start (schema 1 → schema 2): ${schemaTwo.join(', ')}`,
    );
    const again = await open(schema);
    expect(again.applied).toEqual([]);
    expect(describeSchema(again)).toBe('database: schema 2, migrations up to date');
  });

  it('refuses, untouched, a newer schema that does not declare this one compatible', async () => {
    const schema = freshSchema('newer');
    await open(schema, async (query) => {
      await query(`update schema_version set version = 3, compatible_from = 3, written_by = '0.3.0'`);
      // A migration of ours still pending: a refused start must not apply it.
      await query(
        `delete from mikro_orm_migrations where name = 'Migration20261204000100_unset_unit_path_index'`,
      );
      await query(`drop index tasks_unset_unit_path_index`);
    });
    const refusal = await open(schema).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SchemaVersionError);
    const message = (refusal as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      new RegExp(
        `^doanflow ${SERVER_VERSION.replace(/\./g, '\\.')} \\(schema 2\\) cannot run on this database: ` +
          'it is at schema 3 \\(migrated by doanflow 0\\.3\\.0\\), which only servers of schema 3 or newer may use',
      ),
    );
    await expect(openDatabase({ databaseUrl: DATABASE_URL, schema, migrate: false })).rejects.toThrow(
      SchemaVersionError,
    );
    // Nothing was applied: the pending migration is still pending.
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select count(*)::int as n from ${schema}.mikro_orm_migrations where name like 'Migration20261204000100%'`,
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }

    // db:migrate refuses the same way: one line on stderr, exit code 1.
    const cli = await migrateCli(schema).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(cli?.code).toBe(1);
    expect(cli?.stderr.trim()).toBe(message);
  });

  it('runs on a newer schema that declares it compatible, and never lowers the recorded version', async () => {
    const schema = freshSchema('compatible');
    await open(schema, async (query) => {
      await query(`update schema_version set version = 3, compatible_from = 2, written_by = '0.3.0'`);
    });
    const status = await open(schema);
    expect(status.applied).toEqual([]);
    expect(status.current).toEqual({ version: 3, compatibleFrom: 2, writtenBy: '0.3.0' });
    expect(describeSchema(status)).toBe(
      "database: schema 3 (migrated by doanflow 0.3.0) is newer than this server's schema 2 and lets " +
        'servers of schema 2 or newer run on it',
    );
  });

  it('db:migrate prints the migrations it applied, then "up to date"', async () => {
    const schema = freshSchema('cli');
    const first = await migrateCli(schema);
    expect(first.stdout).toBe(
      `applied ${migrationsList.length} migrations (PostgreSQL), schema none → 2:\n` +
        migrationsList.map(({ name }) => `  ${name}\n`).join(''),
    );
    const second = await migrateCli(schema);
    expect(second.stdout).toBe(
      `up to date (PostgreSQL): schema 2, no migration to apply (doanflow ${SERVER_VERSION})\n`,
    );
  });
});
