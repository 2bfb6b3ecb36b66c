import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/open-database.ts';
import { tableColumns } from '../../src/runner/row-columns.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

/**
 * The migrations are the schema's one source: the row types the runner reads and writes are checked
 * against a database the migrations just created, column by column, type and nullability. A
 * migration that adds, drops or changes a column fails here until rows.ts and row-columns.ts say so.
 */
const schema = uniqueName('rt_row_columns');
let opened: OpenedDatabase;
beforeAll(async () => {
  opened = await openDatabase({ databaseUrl: DATABASE_URL, schema });
});
afterAll(async () => {
  await opened?.db.close();
  await dropSchema(schema);
});

describe('row types against the migrated schema', () => {
  it.each(Object.entries(tableColumns))(
    '%s: every column, its type and nullability',
    async (table, columns) => {
      const found = await opened.db.query<{ column_name: string; udt_name: string; is_nullable: string }>(
        `select column_name, udt_name, is_nullable from information_schema.columns
       where table_schema = $1 and table_name = $2`,
        [schema, table],
      );
      const migrated = Object.fromEntries(
        found.map((column) => [
          column.column_name,
          { type: column.udt_name, nullable: column.is_nullable === 'YES' },
        ]),
      );
      expect(migrated).toEqual(columns);
    },
  );
});
