import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase } from '../../src/db/postgres-database.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

/**
 * A transaction's statements asked for at once (BEGIN is not awaited; a signing step sends its PDF
 * and its step together) go out one after another on its connection, in the order asked, each as
 * soon as the one before is answered, and without pg's deprecated queue of statements.
 */
const schema = uniqueName('rt_tx_statements');
const pool = new Pool({ connectionString: DATABASE_URL, max: 1, options: `-c search_path=${schema}` });
const db = postgresDatabase(pool, {
  schema,
  connectionString: DATABASE_URL,
  statementTimeoutMs: 10_000,
  close: async () => {},
});
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.message);

beforeAll(async () => {
  process.on('warning', onWarning);
  const setup = new Pool({ connectionString: DATABASE_URL, max: 1 });
  await setup.query(
    `create schema ${schema}; create table ${schema}.notes (n int primary key, at timestamptz)`,
  );
  await setup.end();
});
afterAll(async () => {
  process.off('warning', onWarning);
  await pool.end();
  await dropSchema(schema);
});

const insert = `insert into notes values ($1, clock_timestamp()) returning n, txid_current()::text as tx`;

describe('statements of one transaction asked for at once', () => {
  it('run in the order asked, all in the transaction, and pg warns of nothing', async () => {
    const answers = await db.transaction((query) =>
      Promise.all([1, 2, 3, 4, 5].map((n) => query<{ n: number; tx: string }>(insert, [n]))),
    );
    expect(answers.map(([row]) => row!.n)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(answers.map(([row]) => row!.tx)).size).toBe(1);
    const written = await db.query<{ n: number }>('select n from notes order by at');
    expect(written.map((row) => row.n)).toEqual([1, 2, 3, 4, 5]);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings.filter((message) => /already executing a query/.test(message))).toEqual([]);
  });

  it('writes nothing when one of them fails, and the connection serves the next transaction', async () => {
    const failed = await db
      .transaction((query) => Promise.all([10, 11, 1, 12].map((n) => query(insert, [n]))))
      .then(
        () => null,
        (error: unknown) => error as { code?: string },
      );
    expect(failed?.code).toBe('23505'); // n = 1 is there already
    expect(await db.query('select n from notes where n >= 10')).toEqual([]);
    await db.transaction((query) => query(insert, [13]));
    expect(await db.query<{ n: number }>('select n from notes where n >= 10')).toEqual([{ n: 13 }]);
    expect(pool.totalCount).toBe(1);
  });
});
