import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from 'pg';
import type { Query } from '../../src/db/database.ts';
import { nextSerial } from '../../src/issued-documents/register.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { DATABASE_URL, dropSchema, openRuntime, TestClock, uniqueName } from './support.ts';

const schema = uniqueName('doc_register');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ clock: new TestClock('2026-12-02T02:00:00Z'), schema });
  pool = new Pool({ connectionString: DATABASE_URL, max: 32, options: `-c search_path=${schema}` });
});
afterAll(async () => {
  await pool?.end();
  await runtime?.close();
  await dropSchema(schema);
});

const register = { issuingUnitId: 'dn', year: 2026, type: 'QĐ' };

// 32 connections that wait as long as it takes for one another (the server's pool gives up on a
// connection after 5 s, which a busy 2-core machine can reach with 1,100 transactions queued).
let pool: Pool;
async function inTransaction<T>(work: (query: Query) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const query: Query = async (sql, params) => (await client.query(sql, params)).rows;
  try {
    await client.query('begin');
    const result = await work(query);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

describe('sổ đăng ký văn bản đi: serials under real concurrency', () => {
  it('1,000 parallel signing transactions in one register get 1–1,000 exactly once; rolled-back ones leave no gap', async () => {
    // Every 10th signing fails after drawing its serial (its step lost a race, say): it rolls back.
    const attempts = Array.from({ length: 1_100 }, (_, index) => index);
    const outcomes = await Promise.allSettled(
      attempts.map((index) =>
        inTransaction(async (query) => {
          const serial = await nextSerial(query, register);
          if (index % 11 === 10) throw new Error('rolled back');
          return serial;
        }),
      ),
    );
    expect(
      new Set(outcomes.flatMap((each) => (each.status === 'rejected' ? [String(each.reason)] : []))),
    ).toEqual(new Set(['Error: rolled back']));
    const committed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(committed).toHaveLength(1_000);
    expect([...committed].sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    const [row] = await runtime.db.query<{ last_serial: number }>(
      'select last_serial from document_registers where issuing_unit_id = $1 and year = $2 and type = $3',
      [register.issuingUnitId, register.year, register.type],
    );
    expect(row!.last_serial).toBe(1_000);
  });

  it('keeps one counter per issuing unit, year and document type', async () => {
    const serials = await runtime.db.transaction(async (query) => [
      await nextSerial(query, { ...register, type: 'GGT' }),
      await nextSerial(query, { ...register, year: 2027 }),
      await nextSerial(query, { ...register, issuingUnitId: 'tradoc' }),
      await nextSerial(query, { ...register, type: 'GGT' }),
    ]);
    expect(serials).toEqual([1, 1, 1, 2]);
  });
});
