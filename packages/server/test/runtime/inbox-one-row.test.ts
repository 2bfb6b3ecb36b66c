import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

/**
 * Đặng Minh Hiếu is both Bí thư (baseSecretary) and a Thường vụ member (baseStanding) of Đoàn xã Trà
 * Đốc. A v2 transfer waiting at his base has a task for each role (the referral for the Bí thư, sending
 * it back for the committee): he sees the case once, with both acts on it.
 */
const schema = uniqueName('rt_inbox_one_row');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

async function atSourceBase(): Promise<string> {
  const started = await runtime.start('member-transfer', transferInput, person('p-an'));
  await runtime.send(started.id, { type: 'SUBMIT' }, person('p-an'));
  await runtime.send(
    started.id,
    { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
    person('p-binh'),
  );
  return started.id;
}

describe('an officer with two roles at one unit', () => {
  it('sees each case at a step once, counted once', async () => {
    const first = await atSourceBase();
    const second = await atSourceBase();
    const rows = await runtime.db.query<{ instance_id: string; role: string }>(
      `select instance_id, role from tasks where instance_id = any($1) order by instance_id, role`,
      [[first, second]],
    );
    // The premise: two task rows per case, one per role he holds.
    expect(rows.filter((row) => row.instance_id === first).map((row) => row.role)).toEqual([
      'baseSecretary',
      'baseStanding',
    ]);

    const inbox = await runtime.inbox(person('p-hieu'), { workflowId: 'member-transfer' });
    expect(inbox.items.map((item) => item.instanceId).sort()).toEqual([first, second].sort());
    expect(inbox.counts).toMatchObject({ total: 2, byWorkflow: { 'member-transfer': 2 } });
    // Paged one at a time, the second page is the other case, not the first case's second row.
    const page1 = await runtime.inbox(person('p-hieu'), { workflowId: 'member-transfer', limit: 1 });
    const page2 = await runtime.inbox(person('p-hieu'), {
      workflowId: 'member-transfer',
      limit: 1,
      cursor: page1.nextCursor!,
    });
    expect([page1.items[0]!.instanceId, page2.items[0]!.instanceId].sort()).toEqual([first, second].sort());
    expect(page2.nextCursor).toBeNull();
    // The one row still offers everything he may do there, as Bí thư and as the committee.
    const view = await runtime.get(first, person('p-hieu'));
    expect(view.allowedEvents.map((event) => event.type)).toEqual(
      expect.arrayContaining(['ISSUE_REFERRAL', 'REJECT', 'RETURN_TO_BRANCH']),
    );
  });

  it('an officer with one role is unaffected: the branch secretary sees her task', async () => {
    const id = await atSourceBase();
    const started = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(started.id, { type: 'SUBMIT' }, person('p-an'));
    const inbox = await runtime.inbox(person('p-binh'), { workflowId: 'member-transfer' });
    expect(inbox.items.map((item) => item.instanceId)).toContain(started.id);
    expect(inbox.items.map((item) => item.instanceId)).not.toContain(id);
  });
});
