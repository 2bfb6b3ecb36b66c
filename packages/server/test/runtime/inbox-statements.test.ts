import { AsyncLocalStorage } from 'node:async_hooks';
import { person, type Principal } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import type { InboxQuery } from '../../src/runner/contract.ts';
import { dropSchema, openRuntime, TestClock, uniqueName } from './support.ts';

/**
 * An inbox request's round trips to PostgreSQL. The page, the caller's delegations in force and the
 * probe for task rows without a unit path leave as one statement; a second one is asked only when
 * the first says the scope was short (pairs lent by a delegation, paths to repair first).
 */
const schema = uniqueName('rt_inbox_statements');
const clock = new TestClock('2026-03-03T02:00:00Z');
let runtime: HostedRuntime;
let waiting: string;

// Statements sent inside one inbox call only (the runtime's background readers share the pool).
const call = new AsyncLocalStorage<string[]>();

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  const query = runtime.db.query;
  runtime.db.query = ((sql: string, ...rest: unknown[]) => {
    call.getStore()?.push(sql);
    return (query as (...args: unknown[]) => unknown)(sql, ...rest);
  }) as typeof query;
  // Lan's transfer from Tây An, waiting for Hòa Châu's Bí thư (p-nga) to issue the referral.
  const started = await runtime.start(
    'member-transfer',
    {
      memberId: 'p-lan',
      kind: 'permanent',
      sourceBranchId: 'cd-kdc-tayan',
      destinationBaseId: 'tradoc',
      reason: 'Chuyển nơi làm việc',
    },
    person('p-lan'),
  );
  waiting = started.id;
  await runtime.send(waiting, { type: 'SUBMIT' }, person('p-lan'));
  const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' };
  await runtime.send(waiting, { type: 'CONFIRM', payload: confirm }, person('p-vy'));
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

async function inboxWithStatements(principal: Principal, filter: InboxQuery = {}) {
  const statements: string[] = [];
  const page = await call.run(statements, () => runtime.inbox(principal, filter));
  return { page, statements };
}

describe('the round trips of an inbox request', () => {
  it("is one statement for an officer with no delegation, the tree's paths current", async () => {
    await inboxWithStatements(person('p-nga')); // the first request checks the tree once
    const { page, statements } = await inboxWithStatements(person('p-nga'));
    expect(page.items.map((item) => item.instanceId)).toEqual([waiting]);
    expect(page.counts.total).toBe(1);
    expect(statements).toHaveLength(1);
    // Anyone else's empty inbox costs the same.
    expect((await inboxWithStatements(person('p-vy'))).statements).toHaveLength(1);
  });

  it("asks again with the lent pairs when a delegation is in force, and marks the holder's tasks", async () => {
    const before = await inboxWithStatements(person('p-uyen'));
    expect(before.statements).toHaveLength(1);
    expect(before.page.items.find((one) => one.instanceId === waiting)?.role).toBe('baseStanding');
    await runtime.delegations.create(person('p-nga'), {
      delegateId: 'p-uyen',
      role: 'baseSecretary',
      unitId: 'hoachau',
      from: '2026-03-03',
      until: '2026-03-06',
    });
    const { page, statements } = await inboxWithStatements(person('p-uyen'));
    expect(statements).toHaveLength(2);
    // Lê Thị Uyên (Phó Bí thư) now also holds the Bí thư's task there, marked as lent by her.
    const item = page.items.find((one) => one.instanceId === waiting);
    expect(item).toMatchObject({
      role: 'baseSecretary',
      delegatedFrom: { personId: 'p-nga', until: '2026-03-06' },
    });
    // The holder's own inbox is unchanged, still one statement.
    const holder = await inboxWithStatements(person('p-nga'));
    expect(holder.page.items.map((one) => one.instanceId)).toEqual([waiting]);
    expect(holder.statements).toHaveLength(1);
  });

  it('repairs rows written without a unit path, then answers from the repaired rows', async () => {
    await runtime.db.query(`update tasks set unit_path = '{}' where unit_id is not null`);
    // The unit filter reads the paths: the first statement cannot find the task.
    const { page, statements } = await inboxWithStatements(person('p-nga'), { unitId: 'hoachau' });
    // The page, the repair's look and its update, the page again.
    expect(statements).toHaveLength(4);
    expect(page.items.map((item) => item.instanceId)).toEqual([waiting]);
    const [left] = await runtime.db.query<{ n: string }>(
      `select count(*) as n from tasks where unit_id is not null and unit_path = '{}'`,
    );
    expect(Number(left!.n)).toBe(0);
    expect((await inboxWithStatements(person('p-nga'))).statements).toHaveLength(1);
  });
});
