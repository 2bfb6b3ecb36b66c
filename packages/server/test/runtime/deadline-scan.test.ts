import { addWorkingDays, person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { NotificationChannel } from '../../src/notifications/channel.ts';
import { createNotifier } from '../../src/notifications/create-notifier.ts';
import { DeadlineScan, type DueTaskRow } from '../../src/notifications/deadline-scan.ts';
import { SECRET } from '../support/test-app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_deadline_scan');
// Monday 2 March 2026, 09:00 in Vietnam.
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
const HOUR = 3_600_000;

/** Copies of the submitted transfer's task, as `copy-<n>`, due `hours` from now each. */
async function tasksDue(prefix: string, hours: number[]): Promise<void> {
  await runtime.db.query(
    `insert into tasks (instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above,
       person_id, relation, events, due, subject, search, updated_at)
     select $1 || h.n, workflow_id, version, state, role, unit_id, unit_path, or_above,
       person_id, relation, events, $2::timestamptz + make_interval(hours => h.hours), subject, search, updated_at
     from tasks, unnest($3::int[]) with ordinality h (hours, n)
     where instance_id = (select instance_id from tasks order by id limit 1)`,
    [prefix, clock.now().toISOString(), hours],
  );
}

const idsOf = (rows: DueTaskRow[]) => rows.map((row) => row.instance_id).sort();
const scanNow = (scan: DeadlineScan) => scan.read(runtime.db.query, runtime.calendars.calendar, clock.now());

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  const { id } = await runtime.start('member-transfer', transferInput, person('p-an'));
  await runtime.send(id, { type: 'SUBMIT' }, person('p-an'));
  await runtime.db.query(`update tasks set due = null`);
  // 400 tasks due over the next 400 hours, one an hour (the window holds the next two working days).
  await tasksDue(
    't-',
    Array.from({ length: 400 }, (_, hour) => hour + 1),
  );
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

describe('the deadline scan reads what changed, not the whole window each minute', () => {
  it('reads the window twice at start, then only the deadlines that came near, passed, or were written since', async () => {
    const scan = new DeadlineScan();
    const horizon = () =>
      Date.parse(addWorkingDays(runtime.calendars.calendar, clock.now().toISOString(), 2));
    const inWindow = Math.floor((horizon() - clock.now().getTime()) / HOUR);
    const first = await scanNow(scan);
    expect(first.full).toBe(true);
    expect(first.rows).toHaveLength(inWindow);
    expect((await scanNow(scan)).full).toBe(true);

    // A minute later: nothing came near, nothing passed, nothing written.
    clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
    const idle = await scanNow(scan);
    expect(idle).toEqual({ rows: [], full: false });

    // Six hours later: six more deadlines came within two working days, and the first six passed.
    const before = horizon();
    clock.set(new Date(clock.now().getTime() + 6 * HOUR).toISOString());
    const later = await scanNow(scan);
    expect(later.full).toBe(false);
    const came = await runtime.db.query<{ instance_id: string }>(
      `select instance_id from tasks where due > $1 and due <= $2
       union select instance_id from tasks where due > $3 and due <= $4`,
      [
        new Date(before).toISOString(),
        new Date(horizon()).toISOString(),
        new Date(clock.now().getTime() - 6 * HOUR).toISOString(),
        clock.now().toISOString(),
      ],
    );
    expect(came.length).toBeGreaterThan(0);
    expect(idsOf(later.rows)).toEqual(came.map((row) => row.instance_id).sort());

    // A new step's task, due tomorrow: read by the next scan; the rows' ids are taken from two
    // scans back (a late commit), so the one after reads it once more, and then no scan does.
    await tasksDue('new-', [20]);
    expect(idsOf((await scanNow(scan)).rows)).toEqual(['new-1']);
    expect(idsOf((await scanNow(scan)).rows)).toEqual(['new-1']);
    expect(await scanNow(scan)).toEqual({ rows: [], full: false });
  });

  it('a transaction that commits after a scan read past its rows is still seen by the next one', async () => {
    const scan = new DeadlineScan();
    await scanNow(scan);
    await scanNow(scan);
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const held = new Promise<void>((resolve) => (inserted = resolve));
    // Its task row takes an id, then waits; a later transaction's row (a higher id) commits first.
    const slow = runtime.db.transaction(async (query) => {
      await query(
        `insert into tasks (instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above,
           person_id, relation, events, due, subject, search, updated_at)
         select 'slow', workflow_id, version, state, role, unit_id, unit_path, or_above, person_id,
           relation, events, $1::timestamptz + interval '5 hours', subject, search, updated_at
         from tasks where instance_id = 't-1'`,
        [clock.now().toISOString()],
      );
      inserted();
      await committed;
    });
    await held;
    await tasksDue('fast-', [5]);
    expect(idsOf((await scanNow(scan)).rows)).toEqual(['fast-1']);
    commit();
    await slow;
    expect(idsOf((await scanNow(scan)).rows)).toContain('slow');
  });

  it('reads the whole window again every fullScanMs, and when the clock went back', async () => {
    const scan = new DeadlineScan({ fullScanMs: 200 });
    await scanNow(scan);
    await scanNow(scan);
    // A deadline moved in place (a holiday notice recounted it): no band and no new id show it.
    await runtime.db.query(
      `update tasks set due = $1::timestamptz + interval '3 hours' where instance_id = 't-399'`,
      [clock.now().toISOString()],
    );
    expect(idsOf((await scanNow(scan)).rows)).not.toContain('t-399');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const again = await scanNow(scan);
    expect(again.full).toBe(true);
    expect(idsOf(again.rows)).toContain('t-399');

    const back = new DeadlineScan();
    await scanNow(back);
    await scanNow(back);
    clock.set(new Date(clock.now().getTime() - HOUR).toISOString());
    expect((await scanNow(back)).full).toBe(true);
  });
});

describe('the notifier’s deadline scan', () => {
  /** The runtime with every statement its database runs counted by what it reads. */
  function counted() {
    const statements: string[] = [];
    const db = Object.create(runtime.db) as typeof runtime.db;
    db.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (runtime.db.query as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as typeof runtime.db.query;
    return { runtime: { ...runtime, db } as HostedRuntime, statements };
  }
  const config = loadConfig({ JWT_SECRET: SECRET, NOTIFY_PUBLIC_URL: 'http://server.test' }).notifications;
  const scans = (statements: string[]) => statements.filter((sql) => /from tasks\s+where due/.test(sql));

  it('does not read the tasks when no channel could carry a notice', async () => {
    const { runtime: watched, statements } = counted();
    const { notifier } = createNotifier(watched, config, { log: () => {} });
    await notifier.settled();
    await notifier.stop();
    expect(scans(statements)).toHaveLength(0);
  });

  it('turns the window’s deadlines into one row per person and channel, once', async () => {
    const inbox: NotificationChannel = {
      name: 'test-inbox',
      reaches: () => true,
      send: async () => ({ ok: true }),
    };
    const { runtime: watched, statements } = counted();
    const { notifier } = createNotifier(watched, config, {
      channels: [inbox],
      deadlineScanMs: 0,
      log: () => {},
    });
    await notifier.settled();
    const rows = async () =>
      (
        await runtime.db.query<{ n: number }>(
          `select count(*)::int as n from notifications where channel = 'test-inbox' and kind in ('task.dueSoon', 'task.overdue')`,
        )
      )[0]!.n;
    const first = await rows();
    expect(first).toBeGreaterThan(40);
    await notifier.settled();
    await notifier.settled();
    expect(await rows()).toBe(first);
    await notifier.stop();
    expect(scans(statements).length).toBeGreaterThanOrEqual(3);
  });
});
