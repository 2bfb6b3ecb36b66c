import { createConnection, createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { postgresDatabase } from '../../src/db/postgres-database.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

/**
 * DATABASE_PIPELINE (open-database.ts): a transaction's statements asked for together leave without
 * waiting for each other's answers. Measured where it matters, on a PostgreSQL far away: behind a
 * proxy that holds every byte to the server for DELAY_MS, as a network does.
 */
const DELAY_MS = 40;
const schema = uniqueName('rt_pipelined');
const insert = `insert into notes values ($1) returning n, txid_current()::text as tx`;

let proxy: Server;
const pools: Pool[] = [];

/** A TCP proxy to PostgreSQL that delays what the client sends by DELAY_MS (answers come back at once). */
async function delayingProxy(): Promise<Server> {
  const upstream = new URL(DATABASE_URL);
  const listener = createServer((client) => {
    const postgres = createConnection({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    client.on('data', (chunk) => setTimeout(() => postgres.write(chunk), DELAY_MS));
    postgres.on('data', (chunk) => client.write(chunk));
    client.on('error', () => postgres.destroy());
    postgres.on('error', () => client.destroy());
    client.on('close', () => postgres.destroy());
    postgres.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return listener;
}

function databaseThroughProxy(pipeline: boolean): Database {
  const url = new URL(DATABASE_URL);
  url.host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
  const pool = new Pool({
    connectionString: url.toString(),
    max: 1,
    options: `-c search_path=${schema}`,
    pipeline,
  });
  pools.push(pool);
  return postgresDatabase(pool, {
    schema,
    connectionString: url.toString(),
    statementTimeoutMs: 10_000,
    close: async () => {},
  });
}

beforeAll(async () => {
  proxy = await delayingProxy();
  const setup = new Pool({ connectionString: DATABASE_URL, max: 1 });
  await setup.query(`create schema ${schema}; create table ${schema}.notes (n int primary key)`);
  await setup.end();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await new Promise((resolve) => proxy?.close(resolve));
  await dropSchema(schema);
});

/**
 * How many times the socket calls into the kernel from now on: a stream's `_write` or `_writev` is one
 * system call, and one backend woken.
 */
function countWrites(socket: Duplex): () => number {
  let writes = 0;
  const stream = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const method of ['_write', '_writev'] as const) {
    const original = stream[method].bind(stream);
    stream[method] = (...args) => ((writes += 1), original(...args));
  }
  return () => writes;
}

/** A transaction of four statements asked for at once; its time and answers. */
async function fourAtOnce(db: Database, first: number) {
  await db.query('select 1'); // the connection opened and warm: only the transaction is timed
  const started = performance.now();
  const answers = await db.transaction((query) =>
    Promise.all([0, 1, 2, 3].map((k) => query<{ n: number; tx: string }>(insert, [first + k]))),
  );
  return { ms: performance.now() - started, rows: answers.map(([row]) => row!) };
}

describe('a transaction on a far PostgreSQL', () => {
  it('sends the statements asked for together at once when pipelining: two round trips instead of six', async () => {
    const pipelined = await fourAtOnce(databaseThroughProxy(true), 1);
    const oneByOne = await fourAtOnce(databaseThroughProxy(false), 11);
    // BEGIN and the four statements in one trip, then COMMIT; one by one, six trips.
    expect(pipelined.ms).toBeLessThan(4 * DELAY_MS);
    expect(oneByOne.ms).toBeGreaterThanOrEqual(5 * DELAY_MS);
    // The same answers either way: each its own row, all in one transaction.
    expect(pipelined.rows.map((row) => row.n)).toEqual([1, 2, 3, 4]);
    expect(new Set(pipelined.rows.map((row) => row.tx)).size).toBe(1);
    expect(oneByOne.rows.map((row) => row.n)).toEqual([11, 12, 13, 14]);
  });

  it('sends what a transaction asks for in one turn in one write: BEGIN with its statements, then COMMIT', async () => {
    const db = databaseThroughProxy(true);
    const client = await pools.at(-1)!.connect();
    const writes = countWrites(client.connection.stream);
    client.release();
    await db.transaction((query) => Promise.all([5, 6, 7].map((n) => query(insert, [n]))));
    // A write each, it was five: BEGIN, three statements, COMMIT.
    expect(writes()).toBe(2);
    expect(await db.query<{ n: number }>('select n from notes where n between 5 and 7 order by n')).toEqual([
      { n: 5 },
      { n: 6 },
      { n: 7 },
    ]);
  });

  it('writes nothing of a pipelined transaction when one statement fails, and the connection serves the next', async () => {
    const db = databaseThroughProxy(true);
    const failed = await db
      .transaction((query) => Promise.all([21, 22, 1, 23].map((n) => query(insert, [n]))))
      .then(
        () => null,
        (error: unknown) => error as { code?: string },
      );
    expect(failed?.code).toBe('23505'); // n = 1 is there already
    expect(await db.query('select n from notes where n > 20')).toEqual([]);
    await db.transaction((query) => query(insert, [24]));
    expect(await db.query<{ n: number }>('select n from notes where n > 20')).toEqual([{ n: 24 }]);
  });

  it('is how every pooled connection of the server talks to PostgreSQL unless DATABASE_PIPELINE=0', async () => {
    const opened = await openDatabase({ databaseUrl: DATABASE_URL, schema: uniqueName('rt_pipeline_on') });
    try {
      const pool = await (opened.orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
      const client = await pool.connect();
      expect(client.pipeline).toBe(true);
      client.release();
      // The migrations ran through it, and statements answer.
      expect(await opened.db.query<{ n: number }>('select count(*)::int as n from instances')).toEqual([
        { n: 0 },
      ]);
    } finally {
      await dropSchema(opened.db.schema);
      await opened.db.close();
    }
  });
});
