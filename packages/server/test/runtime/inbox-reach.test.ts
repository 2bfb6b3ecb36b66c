import {
  defineWorkflow,
  demoDirectoryData,
  memberTransfer,
  person,
  systemPrincipal,
  WorkflowRegistry,
  type DirectoryData,
  type PermissionRule,
} from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import type { TaskRow } from '../../src/runner/rows.ts';
import { mayActOn } from '../../src/runner/visibility.ts';
import { dropSchema, openRuntime, TestClock, uniqueName } from './support.ts';

/**
 * The inbox of officers above the branches, through "any unit above" tasks and the unit filter, over
 * a tree deeper than the demo's (province → district → bases → branches), before and after the tree
 * changes: a re-parenting imported for today, one dated ahead, and a merger.
 */

// The member transfer with the source branch's confirmation opened to the standing committee of any
// unit above the branch: tasks (upperStanding, the branch's base, or above).
const escalated = defineWorkflow({
  ...memberTransfer,
  permissions: memberTransfer.permissions.map((rule): PermissionRule =>
    rule.states.includes('sourceBranch') && rule.role === 'branchSecretary'
      ? { ...rule, role: 'upperStanding', at: 'anyAncestor' }
      : rule,
  ),
});

const always = '2000-01-01';
const branches = ['q1-b1-c1', 'q1-b1-c2', 'q1-b2-c1', 'x-b-c1'];
const directory: DirectoryData = {
  ...demoDirectoryData,
  units: [
    ...demoDirectoryData.units,
    { id: 'q1', name: 'Quận đoàn 1', level: 'district', parentId: 'dn', validFrom: always },
    { id: 'q1-b1', name: 'Đoàn phường Bến Nghé', level: 'base', parentId: 'q1', validFrom: always },
    { id: 'q1-b2', name: 'Đoàn phường Đa Kao', level: 'base', parentId: 'q1', validFrom: always },
    { id: 'x-b', name: 'Đoàn xã Hòa Vang', level: 'base', parentId: 'dn', validFrom: always },
    ...branches.map((id) => ({
      id,
      name: `Chi đoàn ${id}`,
      level: 'branch',
      parentId: id.replace(/-c\d$/, ''),
      validFrom: always,
    })),
  ],
  people: [
    ...demoDirectoryData.people,
    ...branches.map((id, i) => ({ id: `m-${i}`, name: `Đoàn viên ${i}`, memberOf: id })),
    { id: 'm-9', name: 'Đoàn viên 9', memberOf: 'x-b-c1' },
    { id: 'o-q1', name: 'Cán bộ quận', memberOf: null },
    { id: 'o-b1', name: 'Cán bộ Bến Nghé', memberOf: null },
    { id: 'o-xb', name: 'Cán bộ Hòa Vang', memberOf: null },
  ],
  bindings: [
    ...demoDirectoryData.bindings,
    { personId: 'o-q1', role: 'upperStanding', unitId: 'q1', validFrom: always },
    { personId: 'o-b1', role: 'upperStanding', unitId: 'q1-b1', validFrom: always },
    // The same role twice at one unit, and at a unit and one above it: each task is listed once.
    { personId: 'o-b1', role: 'upperStanding', unitId: 'q1-b1', validFrom: '2020-01-01', deputy: true },
    { personId: 'o-q1', role: 'upperStanding', unitId: 'q1-b1', validFrom: always },
    { personId: 'o-xb', role: 'upperStanding', unitId: 'x-b', validFrom: always },
  ],
};

const schema = uniqueName('rt_inbox_reach');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
const instanceOf = new Map<string, string>(); // branch → instance id
let requestedId = '';

beforeAll(async () => {
  runtime = await openRuntime({
    schema,
    clock,
    directory,
    registry: new WorkflowRegistry([escalated]),
  });
  for (const [i, branch] of branches.entries()) {
    const input = {
      memberId: `m-${i}`,
      kind: 'permanent',
      sourceBranchId: branch,
      destinationBaseId: 'hoachau',
      reason: 'Chuyển nơi cư trú',
    };
    const view = await runtime.start('member-transfer', input, systemPrincipal);
    await runtime.send(view.id, { type: 'SUBMIT' }, person(`m-${i}`));
    instanceOf.set(branch, view.id);
  }
  const requested = await runtime.start(
    'member-transfer',
    {
      memberId: 'm-9',
      kind: 'permanent',
      sourceBranchId: 'x-b-c1',
      destinationBaseId: 'hoachau',
      reason: 'Đi học',
    },
    person('m-9'),
  );
  requestedId = requested.id;
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** The instances whose open tasks the person may act on, by the rule the inbox implements. */
async function allowed(personId: string): Promise<string[]> {
  const rows = await runtime.db.query<TaskRow>('select * from tasks');
  const now = clock.now();
  return [
    ...new Set(rows.filter((row) => mayActOn(personId, row, runtime.cache, now)).map((r) => r.instance_id)),
  ].sort();
}

const ids = (...list: string[]) => list.map((branch) => instanceOf.get(branch)!).sort();

async function inboxOf(personId: string, unitId?: string) {
  const page = await runtime.inbox(person(personId), { limit: 500, ...(unitId ? { unitId } : {}) });
  return {
    instances: page.items.map((item) => item.instanceId).sort(),
    total: page.counts.total,
    byWorkflow: page.counts.byWorkflow,
  };
}

/** Each officer's inbox equals the rule's answer, with matching counts. */
async function expectInboxes(expected: Record<string, string[]>) {
  for (const [personId, branchList] of Object.entries(expected)) {
    const inbox = await inboxOf(personId);
    expect({ personId, instances: inbox.instances }).toEqual({ personId, instances: ids(...branchList) });
    expect(inbox.instances).toEqual(await allowed(personId));
    expect(inbox.total).toBe(branchList.length);
    expect(inbox.byWorkflow).toEqual(branchList.length ? { 'member-transfer': branchList.length } : {});
  }
}

describe('the inbox of officers above the branches', () => {
  it('holds exactly the "any unit above" tasks under each officer, and filters by subtree', async () => {
    await expectInboxes({
      'p-ha': branches,
      'p-tuan': branches,
      'o-q1': ['q1-b1-c1', 'q1-b1-c2', 'q1-b2-c1'],
      'o-b1': ['q1-b1-c1', 'q1-b1-c2'],
      'o-xb': ['x-b-c1'],
      'p-hieu': [],
    });
    // A personal task (the member's own SUBMIT) reaches the member alone.
    expect((await inboxOf('m-9')).instances).toEqual([requestedId]);
    expect(await allowed('m-9')).toEqual([requestedId]);
    expect((await inboxOf('p-ha', 'q1')).instances).toEqual(ids('q1-b1-c1', 'q1-b1-c2', 'q1-b2-c1'));
    expect((await inboxOf('p-ha', 'q1-b2')).total).toBe(1);
    expect((await inboxOf('p-ha', 'x-b-c1')).total).toBe(0); // the task is at the base, above the branch
  });

  it('follows a re-parenting imported for today, without the tasks being rewritten', async () => {
    const xb = directory.units.find((unit) => unit.id === 'x-b')!;
    const report = await runtime.importDirectory(
      {
        levels: directory.levels,
        units: [
          { ...xb, validTo: '2026-03-01' },
          { ...xb, parentId: 'q1', validFrom: '2026-03-02' },
        ],
        people: [],
        bindings: [],
      },
      'merge',
    );
    expect(report.tasksRerouted).toBe(0);
    await expectInboxes({
      'o-q1': branches,
      'o-xb': ['x-b-c1'],
      'p-ha': branches,
    });
    expect((await inboxOf('p-ha', 'q1')).total).toBe(4);
  });

  it('follows a re-parenting dated ahead once its day comes', async () => {
    const b2 = directory.units.find((unit) => unit.id === 'q1-b2')!;
    await runtime.importDirectory(
      {
        levels: directory.levels,
        units: [
          { ...b2, validTo: '2026-03-11' },
          { ...b2, parentId: 'dn', validFrom: '2026-03-12' },
        ],
        people: [],
        bindings: [],
      },
      'merge',
    );
    await expectInboxes({ 'o-q1': branches });
    clock.advanceDays(10); // 12/3 in Vietnam
    await expectInboxes({
      'o-q1': ['q1-b1-c1', 'q1-b1-c2', 'x-b-c1'],
      'p-ha': branches,
    });
    expect((await inboxOf('p-ha', 'q1')).total).toBe(3);
  });

  it('moves the work of a merged base to its successor, and its place in the tree with it', async () => {
    // Bến Nghé (under the district) merges into Đa Kao (now directly under the city).
    const b1 = directory.units.find((unit) => unit.id === 'q1-b1')!;
    const report = await runtime.importDirectory(
      {
        levels: directory.levels,
        units: [{ ...b1, validTo: '2026-03-11', mergedInto: 'q1-b2' }],
        people: [],
        bindings: [],
      },
      'merge',
    );
    expect(report.tasksRerouted).toBe(2);
    await expectInboxes({
      'o-q1': ['x-b-c1'],
      'o-b1': [], // their unit is gone: they hold nothing until rebound
      'p-ha': branches,
    });
    expect((await inboxOf('p-ha', 'q1-b2')).instances).toEqual(ids('q1-b1-c1', 'q1-b1-c2', 'q1-b2-c1'));
  });

  it('finds rows another release wrote without a path, without a directory import', async () => {
    // A release older than the column (in a rolling deploy, or after a downgrade) leaves its default.
    const [unset] = await runtime.db.query<{ n: string }>(
      `with unset as (update tasks set unit_path = '{}' where unit_id is not null returning 1)
       select count(*) as n from unset`,
    );
    expect(Number(unset!.n)).toBeGreaterThan(0);
    // The directory's marker still says the paths are current: only the repair can find these rows.
    await expectInboxes({ 'o-q1': ['x-b-c1'], 'p-ha': branches });
    expect((await inboxOf('p-ha', 'q1-b2')).instances).toEqual(ids('q1-b1-c1', 'q1-b1-c2', 'q1-b2-c1'));
    const [after] = await runtime.db.query<{ left: string }>(
      `select count(*) as left from tasks where unit_id is not null and unit_path = '{}'`,
    );
    expect(Number(after!.left)).toBe(0);
  });
});
