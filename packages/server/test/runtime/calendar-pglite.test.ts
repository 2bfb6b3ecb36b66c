import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectoryData, person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime-factory.ts';
import { TestClock, transferInput } from './support.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-calendar-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const open = (clock: TestClock) =>
  createRuntime({
    dataDir,
    registry: new WorkflowRegistry(unionWorkflows),
    directory: demoDirectoryData,
    clock,
    reconcileIntervalMs: 0,
    policy: { 'member-transfer': { destinationResponseWorkingDays: 3 } },
  });

describe('holiday notices on the embedded PGlite database', () => {
  it('stores notices, recounts a provisional deadline, and keeps both across a restart', async () => {
    const clock = new TestClock('2027-02-01T02:00:00Z');
    let runtime = await open(clock);
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    await runtime.send(
      view.id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2027-01', memberBookComment: 'Tốt' } },
      person('p-binh'),
    );
    await runtime.send(
      view.id,
      { type: 'ISSUE_REFERRAL', payload: { referralNumber: '3/GGT', issuedOn: '2027-02-01' } },
      person('p-hieu'),
    );
    const presented = await runtime.send(view.id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    expect(presented.timers[0]).toMatchObject({
      due: '2027-02-04T02:00:00.000Z',
      calendar: { provisional: true },
    });

    const loaded = await runtime.publishHolidayNotice(
      2027,
      {
        reference: 'Thông báo thử nghiệm',
        holidays: [
          { key: 'lunarNewYear', daysOff: ['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-08'] },
        ],
      },
      person('p-yen'),
    );
    expect(loaded.timersRecounted).toBe(1);
    await runtime.close();

    runtime = await open(clock);
    expect((await runtime.get(view.id, person('p-an'))).timers[0]).toMatchObject({
      due: '2027-02-09T02:00:00.000Z', // 2, 3 February, Tết from the 4th to the 8th: the 9th
      calendar: { versions: { '2027': 1 } },
    });
    expect(await runtime.calendarYear(2027)).toMatchObject({ notice: { version: 1 }, provisional: true });
    clock.set('2027-02-09T02:00:00Z');
    expect(await runtime.reconcile()).toEqual({ fired: 1, enqueued: 0 });
    await runtime.close();
  });
});
