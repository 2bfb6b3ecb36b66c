import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectoryData, person, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { Housekeeping } from '../../src/runner/housekeeping.ts';
import { createRuntime } from '../../src/runtime-factory.ts';
import { TestClock, transferInput, transferInTransit } from './support.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const open = (clock: TestClock) =>
  createRuntime({
    dataDir,
    registry: new WorkflowRegistry(unionWorkflows),
    directory: demoDirectoryData,
    clock,
    reconcileIntervalMs: 0,
  });

describe('the embedded PGlite database', () => {
  it('runs commands, keeps data across a restart, and delivers timers without Redis', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    let runtime = await open(clock);
    // Its buffer cache sits in the server's memory: 32MB, not PostgreSQL's 128MB.
    expect(await runtime.db.query('show shared_buffers')).toEqual([{ shared_buffers: '32MB' }]);
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    await runtime.send(
      view.id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      person('p-binh'),
    );
    // Concurrent sends still serialise (PGlite runs one transaction at a time).
    const racing = await Promise.allSettled([
      runtime.send(view.id, { type: 'WITHDRAW' }, person('p-an'), { expectedRevision: 3 }),
      runtime.send(view.id, { type: 'WITHDRAW' }, person('p-an'), { expectedRevision: 3 }),
    ]);
    expect(racing.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    await runtime.close();

    runtime = await open(clock);
    await expect(runtime.get(view.id, person('p-an'))).resolves.toMatchObject({
      state: 'withdrawn',
      revision: 4,
    });
    const second = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(second.id, { type: 'SUBMIT' }, person('p-an'));
    expect((await runtime.inbox(person('p-binh'), { search: 'chuyen sinh hoat' })).counts.total).toBe(1);
    await runtime.send(
      second.id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      person('p-binh'),
    );
    const issued = await runtime.send(
      second.id,
      { type: 'ISSUE_REFERRAL', payload: { referralNumber: '2/GGT', issuedOn: '2026-03-02' } },
      person('p-hieu'),
    );
    clock.set(issued.timers[0]!.due);
    expect(await runtime.reconcile()).toEqual({ fired: 1, enqueued: 0 });
    await expect(runtime.get(second.id, person('p-an'))).resolves.toMatchObject({ state: 'referralExpired' });
    // The report's rollups are kept by the database's triggers here too: seven moves, two transfers out.
    const report = await runtime.report({ unitId: 'dn', subtree: true, from: '2026-03-01' }, person('p-ha'));
    const moves = report.leadTimes.filter((row) => row.step !== '*');
    expect(moves.reduce((total, row) => total + row.count, 0)).toBe(7);
    expect(report.transfers.reduce((total, row) => total + row.outgoing, 0)).toBe(2);
    await runtime.close();
  });

  it('stores holiday notices and recounts a provisional deadline, kept across a restart', async () => {
    const clock = new TestClock('2027-02-01T02:00:00Z');
    let runtime = await open(clock);
    const { id } = await transferInTransit(runtime, '2027-02-01');
    const presented = await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    // Five working days under the statutory estimate (Tết from Friday 5/2 to Thursday 11/2): 15/2.
    expect(presented.timers[0]).toMatchObject({
      due: '2027-02-15T02:00:00.000Z',
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
    expect((await runtime.get(id, person('p-an'))).timers[0]).toMatchObject({
      due: '2027-02-11T02:00:00.000Z', // 2, 3, then 9, 10, 11 February
      calendar: { versions: { '2027': 1 } },
    });
    expect(await runtime.calendarYear(2027)).toMatchObject({ notice: { version: 1 }, provisional: true });
    clock.set('2027-02-11T02:00:00Z');
    expect(await runtime.reconcile()).toEqual({ fired: 1, enqueued: 0 });
    await runtime.close();
  });

  it('keeps delegations: the deputy signs "KT." for the secretary on leave, until revoked', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    const runtime = await open(clock);
    const view = await runtime.start(
      'member-transfer',
      { ...transferInput, memberId: 'p-lan', sourceBranchId: 'cd-kdc-tayan', destinationBaseId: 'tradoc' },
      person('p-lan'),
    );
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-lan'));
    await runtime.send(
      view.id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      person('p-vy'),
    );
    const leave = { delegateId: 'p-uyen', role: 'baseSecretary', unitId: 'hoachau' };
    const made = await runtime.delegations.create(person('p-nga'), {
      ...leave,
      from: '2026-03-02',
      until: '2026-03-06',
    });
    const overlap = runtime.delegations.create(person('p-nga'), {
      ...leave,
      from: '2026-03-03',
      until: '2026-03-04',
    });
    await expect(overlap).rejects.toMatchObject({ code: 'DELEGATION_OVERLAPS' });
    await runtime.send(
      view.id,
      { type: 'ISSUE_REFERRAL', payload: { referralNumber: '9/GGT', issuedOn: '2026-03-02' } },
      person('p-uyen'),
    );
    const last = (await runtime.history(view.id, person('p-uyen'))).at(-1)!;
    expect(last.actor).toMatchObject({ onBehalfOf: 'p-nga', signature: { heading: 'KT. BÍ THƯ' } });
    await runtime.delegations.revoke(made.id, person('p-nga'), async () => false);
    expect(await runtime.delegations.inForce('p-uyen')).toEqual([]);
    await runtime.close();
  });
  it('analyzes a table that has doubled in size (it has no autovacuum to do it)', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    const runtime = await open(clock);
    const housekeeping = new Housekeeping({ db: runtime.db, clock });
    await housekeeping.analyzeGrownTables();
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.db.query(
      `insert into instances
       select (jsonb_populate_record(null::instances, to_jsonb(i) || jsonb_build_object('id', 'copy-' || n))).*
       from instances i, generate_series(1, 2000) n where i.id = $1`,
      [view.id],
    );
    // With the report rollup's rows the copies' triggers added.
    expect(await housekeeping.analyzeGrownTables()).toEqual(['instances', 'report_transfers']);
    const [stats] = await runtime.db.query<{ reltuples: number }>(
      `select reltuples from pg_class where oid = 'instances'::regclass`,
    );
    expect(stats!.reltuples).toBeGreaterThan(2000);
    expect(await housekeeping.analyzeGrownTables()).toEqual([]);
    await runtime.close();
  });
});
