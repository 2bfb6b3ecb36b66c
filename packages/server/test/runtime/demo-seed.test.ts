import { person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { TravelClock } from '../../src/demo/travel-clock.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { auditInstance, dropSchema, openRuntime, uniqueName } from './support.ts';

const schema = uniqueName('rt_demo');
const clock = new TravelClock();
// A server without field-visit: its seed is skipped, the others run.
const registry = new WorkflowRegistry(unionWorkflows.filter((definition) => definition.id !== 'field-visit'));
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, registry });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const count = async (sql: string) => Number((await runtime.db.query<{ n: string }>(sql))[0]!.n);

describe('demo data', () => {
  it('seeds each registered workflow once, in varied states, and never twice', async () => {
    const first = await seedDemo(runtime, clock);
    expect(first.holidayNotices).toEqual([2026]);
    expect(first.skipped).toEqual(['field-visit']);
    expect(first.failed).toEqual([]);
    expect([...first.seeded].sort()).toEqual(
      registry
        .latest()
        .map((definition) => definition.id)
        .sort(),
    );
    // Back on the real clock.
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(5_000);

    const instances = await count('select count(*) as n from instances');
    const history = await count('select count(*) as n from history');
    const states = await runtime.db.query<{ workflow_id: string; state: string }>(
      'select distinct workflow_id, state from instances',
    );
    expect(new Set(states.map((row) => row.state)).size).toBeGreaterThanOrEqual(5);
    // Deadlines that passed while the clock stood in the past have been delivered since.
    expect(await count(`select count(*) as n from timers where status = 'pending' and due <= now()`)).toBe(0);
    expect(await count(`select count(*) as n from history where type = 'RESPONSE_OVERDUE'`)).toBe(1);

    // Seeded history is ordinary history: it replays to the stored snapshot, chain intact.
    for (const { id } of await runtime.db.query<{ id: string }>('select id from instances')) {
      const audit = await auditInstance(runtime, id);
      expect(audit.replayed).toEqual(audit.stored);
      expect(audit.brokenAt).toBeNull();
      expect(audit.lastHashMatches).toBe(true);
    }

    const inbox = await runtime.inbox(person('p-binh'), {});
    expect(inbox.counts.total).toBeGreaterThanOrEqual(1);

    // The published 2026 notice is loaded first, dated before the seeded history, which counts under it.
    expect(await runtime.calendarYear(2026)).toMatchObject({
      notice: { version: 1, effectiveFrom: '2025-12-01T02:00:00.000Z' },
    });
    const counted = await runtime.db.query<{ calendar: Record<string, number> }>(
      `select calendar from timers where calendar ? '2026'`,
    );
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.every((row) => row.calendar['2026'] === 1)).toBe(true);

    const second = await seedDemo(runtime, clock);
    expect(second.holidayNotices).toEqual([]);
    expect(await count('select count(*) as n from calendar_notices')).toBe(1);
    expect(second.seeded).toEqual([]);
    expect(second.alreadyPresent).toEqual(first.seeded);
    expect(await count('select count(*) as n from instances')).toBe(instances);
    expect(await count('select count(*) as n from history')).toBe(history);
  });
});

describe('demo data on awkward days', () => {
  // New Year's Eve in Vietnam, early January (last year's review), late March (before the youth
  // project's usual date), a Monday after Tết.
  it.each(['2026-12-31T16:30:00Z', '2027-01-03T03:00:00Z', '2027-03-20T03:00:00Z', '2027-02-15T01:00:00Z'])(
    'seeds every workflow without a refusal when today is %s',
    async (today) => {
      const daySchema = uniqueName('rt_demo_day');
      const dayClock = new TravelClock(() => new Date(today));
      const dayRuntime = await openRuntime({ schema: daySchema, clock: dayClock });
      try {
        const report = await seedDemo(dayRuntime, dayClock);
        expect(report.failed).toEqual([]);
        expect(report.seeded.length).toBe(unionWorkflows.length);
      } finally {
        await dayRuntime.close();
        await dropSchema(daySchema);
      }
    },
  );
});
