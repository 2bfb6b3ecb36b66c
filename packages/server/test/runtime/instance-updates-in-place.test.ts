import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import {
  DATABASE_URL,
  dropSchema,
  openRuntime,
  TestClock,
  transferInTransit,
  uniqueName,
} from './support.ts';

const schema = uniqueName('rt_in_place');
let runtime: HostedRuntime | undefined;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock: new TestClock('2026-03-02T02:00:00Z') });
});
afterAll(async () => {
  await runtime?.close();
  runtime = undefined;
  await dropSchema(schema);
});

/**
 * The table's update counts once every backend has reported them: a backend reports at its exit (the
 * runtime closed its connections), an idle one within ~10 s.
 */
async function updatesOf(table: string, atLeast: number): Promise<{ all: number; inPlace: number }> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query<{ all: string; in_place: string }>(
        `select n_tup_upd as all, n_tup_hot_upd as in_place from pg_stat_user_tables
          where schemaname = $1 and relname = $2`,
        [schema, table],
      );
      const counts = { all: Number(rows[0]?.all ?? 0), inPlace: Number(rows[0]?.in_place ?? 0) };
      if (counts.all >= atLeast || Date.now() > deadline) return counts;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

describe("a step's update of its instance", () => {
  it('stays on its page and writes no index entry, also when it adds a participant', async () => {
    // SUBMIT, then CONFIRM and ISSUE_REFERRAL by two officers not yet party to the transfer: each
    // changes the snapshot, updated_at and participant_ids.
    const { id } = await transferInTransit(runtime!);
    const [row] = await runtime!.db.query<{ participant_ids: string[] }>(
      'select participant_ids from instances where id = $1',
      [id],
    );
    expect(row!.participant_ids).toEqual(['p-an', 'p-binh', 'p-hieu']);
    await runtime!.close();
    runtime = undefined;
    const updates = await updatesOf('instances', 3);
    expect(updates.all).toBeGreaterThanOrEqual(3);
    // Heap-only (HOT): PostgreSQL's count of updates that changed no indexed column and found room.
    expect(updates.inPlace).toBe(updates.all);
  });
});
