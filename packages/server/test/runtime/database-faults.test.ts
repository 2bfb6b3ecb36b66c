import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase } from '../../src/db/postgres-database.ts';
import { ServerError } from '../../src/errors.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

/**
 * What the database layer does with a server that refuses writes, a statement that goes unanswered
 * and an ordinary SQL error: which become 503 UNAVAILABLE, and which connections are dropped rather
 * than handed out again. The durability suite runs the same faults against whole servers.
 */
const schema = uniqueName('rt_db_faults');
const pools: Pool[] = [];
beforeAll(async () => {
  const setup = new Pool({ connectionString: DATABASE_URL, max: 1 });
  await setup.query(`create schema ${schema}; create table ${schema}.notes (id int primary key)`);
  await setup.end();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await dropSchema(schema);
});

/** A pool whose sessions start read-only when asked: a standby, a fenced primary, a full disk. */
function open(options: { readOnly?: boolean; statementTimeoutMs?: number } = {}) {
  const pool = new Pool({
    connectionString: DATABASE_URL,
    max: 2,
    options: `-c search_path=${schema}${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  pools.push(pool);
  const db = postgresDatabase(pool, {
    schema,
    connectionString: DATABASE_URL,
    statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
    close: async () => {},
  });
  return { pool, db };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as ServerError,
  );

describe('database faults', () => {
  it('answers a write refused as read-only with UNAVAILABLE and drops that connection; reads go on', async () => {
    const { pool, db } = open({ readOnly: true });
    expect(await db.query('select count(*)::int as n from notes')).toEqual([{ n: 0 }]);
    expect(pool.totalCount).toBe(1);
    for (const write of [
      () => db.query('insert into notes values (1)'),
      () => db.transaction((query) => query('insert into notes values (2)')),
    ]) {
      const error = await failure(write());
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({
        code: 'UNAVAILABLE',
        message: 'the database refuses writes (read-only)',
        details: { reason: 'read-only', cause: '25006' },
      });
      // Not given out again: the next one may lead to the new primary.
      await expect.poll(() => pool.totalCount).toBe(0);
      expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
    }
  });

  it('fails a statement unanswered past the deadline with UNAVAILABLE and cuts its connection', async () => {
    const { pool, db } = open({ statementTimeoutMs: 300 });
    const started = Date.now();
    const error = await failure(db.query('select pg_sleep(5)'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'unreachable' } });
    await expect.poll(() => pool.totalCount).toBe(0);
    const inTransaction = await failure(db.transaction((query) => query('select pg_sleep(5)')));
    expect(inTransaction).toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(4_000);
    // Maintenance has no deadline.
    expect(await db.longRunning.query('select 1 as slept from pg_sleep(0.5)')).toEqual([{ slept: 1 }]);
  });

  it('keeps the connection after an ordinary SQL error, which passes through unchanged', async () => {
    const { pool, db } = open();
    await db.query('insert into notes values (10)');
    const error = await failure(db.query('insert into notes values (10)'));
    expect(error).not.toBeInstanceOf(ServerError);
    expect((error as unknown as { code: string }).code).toBe('23505');
    const inTransaction = await failure(db.transaction((query) => query('insert into notes values (10)')));
    expect((inTransaction as unknown as { code: string }).code).toBe('23505');
    expect(pool.totalCount).toBe(1);
    expect(pool.idleCount).toBe(1);
  });
});
