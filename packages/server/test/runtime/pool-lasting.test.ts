import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

const schema = uniqueName('rt_pool_lasting');
afterAll(() => dropSchema(schema));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the connection pool after a quiet spell', () => {
  it('keeps two connections open past the idle timeout, so the next request meets a warm backend', async () => {
    const { db } = await openDatabase({ databaseUrl: DATABASE_URL, schema, poolSize: 6, poolIdleMs: 300 });
    try {
      // A burst opens five connections.
      const burst = await Promise.all(
        Array.from({ length: 5 }, () =>
          db.query<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep(0.1)'),
        ),
      );
      const opened = new Set(burst.map(([row]) => row!.pid));
      expect(opened.size).toBe(5);
      expect(db.poolStats!().total).toBe(5);

      // The extra three close once idle; two stay for good.
      const until = Date.now() + 5_000;
      while (db.poolStats!().total > 2 && Date.now() < until) await sleep(50);
      expect(db.poolStats!().total).toBe(2);
      await sleep(1_000);
      expect(db.poolStats!().total).toBe(2);

      // The next statement runs on one of the burst's backends, not on a new one.
      const [after] = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
      expect(opened.has(after!.pid)).toBe(true);
      expect(db.poolStats!().total).toBe(2);
    } finally {
      await db.close();
    }
  });
});
