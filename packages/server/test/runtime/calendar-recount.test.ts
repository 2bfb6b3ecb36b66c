import { person, type HolidayNoticeInput, type InstanceSnapshot } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/runner/calendar-cache.ts';
import { isoOf } from '../../src/runner/rows.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, REDIS_URL, TestClock, transferInTransit, uniqueName } from './support.ts';

/**
 * A deadline counted in working days through 2027, a year with no notice yet (provisional), is
 * counted again when the notice is loaded: the instance's snapshot, its timer row, its tasks' due
 * time and the BullMQ wake-up all move, durably and in every server process.
 */
const schema = uniqueName('rt_calendar');
const prefix = uniqueName('dfcal');
const clock = new TestClock('2027-02-01T02:00:00Z'); // Monday
let runtime: HostedRuntime;
let second: HostedRuntime | null = null;

const open = () =>
  openRuntime({
    schema,
    clock,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    worker: false,
    policy: { 'member-transfer': { destinationResponseWorkingDays: 3 } },
  });

beforeAll(async () => {
  runtime = await open();
});
afterAll(async () => {
  await second?.close();
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.close();
  await dropSchema(schema);
});

/** A hypothetical notice for 2027 (none is published yet), with Tết off from `tetFrom` for five working days. */
const notice2027 = (tet: string[]): HolidayNoticeInput => ({
  reference: 'Thông báo lịch nghỉ lễ, Tết năm 2027 (thử nghiệm)',
  holidays: [
    { key: 'newYear', daysOff: ['2027-01-01'] },
    { key: 'lunarNewYear', daysOff: tet },
    { key: 'hungKings', daysOff: ['2027-04-16'] },
    { key: 'victoryDay', daysOff: ['2027-04-30'] },
    { key: 'labourDay', daysOff: ['2027-05-01', '2027-05-03'] },
    { key: 'nationalDay', daysOff: ['2027-09-02', '2027-09-03'] },
  ],
});
const tetEarly = [
  '2027-02-04',
  '2027-02-05',
  '2027-02-06',
  '2027-02-07',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
];
const tetStatutory = [
  '2027-02-05',
  '2027-02-06',
  '2027-02-07',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-02-11',
];

async function stored(rt: HostedRuntime, instanceId: string) {
  const [row] = await rt.db.query<{ snapshot: InstanceSnapshot; revision: number }>(
    'select snapshot, revision from instances where id = $1',
    [instanceId],
  );
  const timers = await rt.db.query<{
    id: string;
    name: string;
    due: string;
    calendar: Record<string, number> | null;
  }>(`select id, name, due, calendar from timers where instance_id = $1 and status = 'pending' order by id`, [
    instanceId,
  ]);
  const tasks = await rt.db.query<{ due: string | null }>('select due from tasks where instance_id = $1', [
    instanceId,
  ]);
  const [history] = await rt.db.query<{ n: string }>(
    'select count(*) as n from history where instance_id = $1',
    [instanceId],
  );
  return {
    revision: row!.revision,
    timers: row!.snapshot.timers,
    rows: timers.map((t) => ({ name: t.name, due: isoOf(t.due), calendar: t.calendar })),
    taskDue: [...new Set(tasks.map((t) => isoOf(t.due)))],
    history: Number(history!.n),
  };
}

/** When the BullMQ wake-up of a timer is due, on the runtime's clock. */
async function wakeUpAt(rt: HostedRuntime, timerId: string) {
  const job = await rt.timers!.queue.getJob(timerId);
  return job ? new Date(clock.now().getTime() + job.delay).toISOString() : null;
}

const until = async (condition: () => Promise<boolean> | boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('a notice arriving for a year counted provisionally', () => {
  let transfer: string;
  let untouched: string;
  let timerId: string;

  it('records the deadline as counted under the statutory estimate of 2027', async () => {
    // Presented at the destination on Monday 1/2/2027: it must answer in 3 working days.
    const { id } = await transferInTransit(runtime, '2027-02-01');
    const view = await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    transfer = id;
    const timer = view.timers[0]!;
    timerId = timer.id;
    // 2, 3, 4 February: Tết Đinh Mùi is estimated from Friday 5/2.
    expect(timer).toMatchObject({
      name: 'destinationResponse',
      due: '2027-02-04T02:00:00.000Z',
      calendar: { workingDays: 3, versions: { '2027': 0 }, provisional: true },
    });
    expect(await stored(runtime, id)).toMatchObject({
      rows: [{ name: 'destinationResponse', due: '2027-02-04T02:00:00.000Z', calendar: { '2027': 0 } }],
      taskDue: ['2027-02-04T02:00:00.000Z'],
    });
    expect(await wakeUpAt(runtime, timerId)).toBe('2027-02-04T02:00:00.000Z');
    // A referral's validity is counted in calendar days: no notice changes it.
    untouched = (await transferInTransit(runtime, '2027-02-01')).id;
  });

  it('counts it again when the notice is loaded: snapshot, timer row, tasks and wake-up', async () => {
    const before = await stored(runtime, transfer);
    const calendarDays = await stored(runtime, untouched);
    clock.set('2027-02-01T03:00:00Z');
    const result = await runtime.publishHolidayNotice(2027, notice2027(tetEarly), person('p-yen'));
    expect(result.timersRecounted).toBe(1);
    expect(result.calendar).toMatchObject({ year: 2027, provisional: false, notice: { version: 1 } });

    // 2, 3 February, then Tết from Thursday the 4th: Thursday 11 February.
    const after = await stored(runtime, transfer);
    expect(after.timers).toEqual([
      expect.objectContaining({
        id: timerId,
        due: '2027-02-11T02:00:00.000Z',
        calendar: {
          from: '2027-02-01T02:00:00.000Z',
          workingDays: 3,
          versions: { '2027': 1 },
          provisional: false,
        },
      }),
    ]);
    expect(after.rows).toEqual([
      { name: 'destinationResponse', due: '2027-02-11T02:00:00.000Z', calendar: { '2027': 1 } },
    ]);
    expect(after.taskDue).toEqual(['2027-02-11T02:00:00.000Z']);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.history).toBe(before.history); // not an event
    expect(await wakeUpAt(runtime, timerId)).toBe('2027-02-11T02:00:00.000Z');
    expect(await stored(runtime, untouched)).toEqual(calendarDays);

    const [message] = await runtime.db.query<{ payload: Record<string, unknown> }>(
      `select payload from outbox where payload->>'event' = '$timersRecounted'`,
    );
    expect(message!.payload).toMatchObject({ instanceId: transfer, revision: after.revision });
    // The old due time no longer fires it.
    expect(await runtime.fireTimer(timerId, new Date('2027-02-04T02:00:00Z'))).toEqual({
      status: 'not-due',
      due: '2027-02-11T02:00:00.000Z',
    });
  });

  it('counts again under a corrected version; a portal holding the old revision is told it changed', async () => {
    const view = await runtime.get(transfer, person('p-an'));
    const result = await runtime.publishHolidayNotice(2027, notice2027(tetStatutory), person('p-yen'));
    expect(result).toMatchObject({ timersRecounted: 1, calendar: { notice: { version: 2 } } });
    expect((await stored(runtime, transfer)).rows).toEqual([
      { name: 'destinationResponse', due: '2027-02-04T02:00:00.000Z', calendar: { '2027': 2 } },
    ]);
    expect(await wakeUpAt(runtime, timerId)).toBe('2027-02-04T02:00:00.000Z');
    // A portal that read the instance before the recount holds an old revision.
    await expect(
      runtime.send(transfer, { type: 'ACCEPT' }, person('p-ha'), { expectedRevision: view.revision }),
    ).rejects.toMatchObject({ code: 'STALE_REVISION' });
    expect((await runtime.holidayNotices(2027)).map((notice) => notice.version)).toEqual([1, 2]);
  });

  it('catches up at start when a notice was stored but its recount never ran (a crash)', async () => {
    // As if the process died right after the notice's commit: version 3 is stored, nothing recounted.
    await runtime.db.query(
      `insert into calendar_notices (year, version, reference, holidays, effective_from)
       select year, 3, reference, (select holidays from calendar_notices where year = 2027 and version = 1),
         $1 from calendar_notices where year = 2027 and version = 2`,
      [clock.now().toISOString()],
    );
    expect((await stored(runtime, transfer)).rows[0]!.calendar).toEqual({ '2027': 2 });
    second = await open();
    expect((await stored(runtime, transfer)).rows).toEqual([
      { name: 'destinationResponse', due: '2027-02-11T02:00:00.000Z', calendar: { '2027': 3 } },
    ]);
    expect(await wakeUpAt(runtime, timerId)).toBe('2027-02-11T02:00:00.000Z');
  });

  it('tells the other server processes, which count new deadlines under the new notice', async () => {
    // `runtime` missed version 3 (stored behind its back); version 4, loaded through `second`, is announced.
    await second!.publishHolidayNotice(2027, notice2027(tetStatutory), person('p-yen'));
    await until(() => runtime.calendars.stamp === second!.calendars.stamp);
    const { id } = await transferInTransit(runtime, '2027-02-01');
    const view = await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    expect(view.timers[0]).toMatchObject({
      due: '2027-02-04T03:00:00.000Z', // 2, 3, 4 February from 03:00 on the 1st
      calendar: { versions: { '2027': 4 }, provisional: false },
    });
    expect((await stored(runtime, transfer)).rows[0]).toMatchObject({ calendar: { '2027': 4 } });
  });
});

describe('commands begun under the notices a new one replaces', () => {
  it('finish before the recount starts, so none writes a timer counted under the old notices after it', async () => {
    const cache = new CalendarCache();
    let release!: () => void;
    const command = cache.use(async (calendar) => {
      await new Promise<void>((resolve) => (release = resolve));
      return calendar;
    });
    const [notice] = await runtime.holidayNotices(2027);
    cache.set([notice!], 1);
    let settled = false;
    const recount = cache.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    expect((await command).notices).toBeUndefined(); // it ran under the calendar it began with
    await recount;
    expect(settled).toBe(true);
    await cache.use(async () => {}); // commands under the current calendar do not hold a recount
    await cache.settled();
  });
});
