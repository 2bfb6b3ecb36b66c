import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { auditInstance, dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_transfer');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

describe('a member transfer on PostgreSQL', () => {
  let id: string;

  it('starts and walks through every step to completion, firing the response deadline', async () => {
    const started = await runtime.start('member-transfer', transferInput, person('p-an'));
    id = started.id;
    expect(started).toMatchObject({
      state: 'requested',
      revision: 1,
      status: 'active',
      orgUnitId: 'cd-thon2',
    });
    expect(started.allowedEvents.map((event) => event.type)).toContain('SUBMIT');

    let view = await runtime.send(id, { type: 'SUBMIT' }, person('p-an'));
    expect(view).toMatchObject({ state: 'sourceBranch', revision: 2 });
    clock.advanceDays(1);
    view = await runtime.send(
      id,
      {
        type: 'CONFIRM',
        payload: { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' },
      },
      person('p-binh'),
    );
    expect(view.state).toBe('sourceBase');
    clock.advanceDays(1);
    view = await runtime.send(
      id,
      { type: 'ISSUE_REFERRAL', payload: { referralNumber: '12/GGT-ĐTN', issuedOn: '2026-03-04' } },
      person('p-khanh'),
    );
    expect(view.state).toBe('inTransit');
    expect(view.timers.map((timer) => timer.name)).toEqual(['referralValidity']);
    clock.advanceDays(3);
    view = await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    expect(view.state).toBe('destinationBase');
    const [deadline] = view.timers;
    expect(deadline?.name).toBe('destinationResponse');

    // Nothing is due yet; once the clock passes the deadline the escalation fires, once.
    expect(await runtime.runDueTimers()).toBe(0);
    clock.set(deadline!.due);
    expect(await runtime.runDueTimers()).toBe(1);
    expect(await runtime.runDueTimers()).toBe(0);

    view = await runtime.send(id, { type: 'ACCEPT', comment: 'Đồng ý tiếp nhận' }, person('p-ha'));
    expect(view.state).toBe('branchAssignment');
    view = await runtime.send(
      id,
      { type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } },
      person('p-nga'),
    );
    expect(view.state).toBe('awaitingAcknowledgement');
    view = await runtime.send(id, { type: 'ACKNOWLEDGE' }, person('p-vy'));
    expect(view).toMatchObject({ state: 'completed', status: 'done', tasks: [], timers: [] });
  });

  it('keeps a history that replays to the stored snapshot, with an intact hash chain', async () => {
    const audit = await auditInstance(runtime, id);
    expect(audit.replayed).toEqual(audit.stored);
    expect(audit.brokenAt).toBeNull();
    expect(audit.lastHashMatches).toBe(true);
    expect(audit.entries.map((entry) => entry.type)).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
      'ISSUE_REFERRAL',
      'PRESENT_REFERRAL',
      'RESPONSE_OVERDUE',
      'ACCEPT',
      'ASSIGN_BRANCH',
      'ACKNOWLEDGE',
    ]);
    const history = await runtime.history(id, person('p-ha'));
    expect(history[6]).toMatchObject({
      type: 'ACCEPT',
      comment: 'Đồng ý tiếp nhận',
      actor: { personId: 'p-ha', name: 'Võ Thị Hồng Hà', unitName: 'Thành đoàn Đà Nẵng' },
    });
    expect(history[1]!.prevHash).toBe(history[0]!.hash);
  });

  it('settles every timer row: one fired, the rest cancelled, none pending', async () => {
    const rows = await runtime.db.query<{ name: string; status: string }>(
      'select name, status from timers where instance_id = $1 order by id',
      [id],
    );
    expect(rows.filter((row) => row.status === 'pending')).toEqual([]);
    expect(rows.filter((row) => row.status === 'fired').map((row) => row.name)).toEqual([
      'destinationResponse',
    ]);
    const outbox = await runtime.db.query<{ topic: string }>('select topic from outbox');
    expect(outbox.map((row) => row.topic)).toContain('notify');
    expect(outbox.map((row) => row.topic)).toContain('instance.finished');
  });

  it('hides an instance from people outside its org scope (404, not 403)', async () => {
    await expect(runtime.get(id, person('p-dung'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runtime.history(id, person('p-dung'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runtime.get(id, person('p-an'))).resolves.toMatchObject({ state: 'completed' });
    // The city union sits above both bases.
    await expect(runtime.get(id, person('p-tuan'))).resolves.toMatchObject({ id });
  });
});

describe('the inbox', () => {
  it("lists an officer's tasks, searches without diacritics, and pages by cursor", async () => {
    const ids: string[] = [];
    for (const memberId of ['p-an', 'p-binh', 'p-an', 'p-an']) {
      const view = await runtime.start('member-transfer', { ...transferInput, memberId }, person('p-binh'));
      await runtime.send(view.id, { type: 'SUBMIT' }, person('p-binh'));
      ids.push(view.id);
    }
    // p-binh is branch secretary of cd-thon2: four transfers await her. Being the subject of one
    // gives her no to-do (withdrawing is a button, not a task).
    const page = await runtime.inbox(person('p-binh'), { limit: 3 });
    expect(page.counts.total).toBe(4);
    expect(page.counts.byWorkflow).toEqual({ 'member-transfer': 4 });
    expect(page.items).toHaveLength(3);
    const rest = await runtime.inbox(person('p-binh'), { limit: 3, cursor: page.nextCursor! });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const seen = [...page.items, ...rest.items];
    expect(new Set(seen.map((item) => `${item.instanceId}|${item.role}`)).size).toBe(4);
    expect(new Set(seen.map((item) => item.instanceId))).toEqual(new Set(ids));
    expect(seen).toContainEqual(
      expect.objectContaining({ role: 'branchSecretary', unitId: 'cd-thon2', unitName: 'Chi đoàn thôn 2' }),
    );

    const found = await runtime.inbox(person('p-binh'), { search: 'nguyen van an' });
    expect(found.items.map((item) => item.subject)).toEqual([
      'Nguyễn Văn An',
      'Nguyễn Văn An',
      'Nguyễn Văn An',
    ]);
    const byState = await runtime.inbox(person('p-binh'), {
      search: 'CHI DOAN noi di',
      state: 'sourceBranch',
    });
    expect(byState.counts.total).toBe(4);
    expect((await runtime.inbox(person('p-binh'), { workflowId: 'other' })).counts.total).toBe(0);
    // The base above sees nothing here: the task is the branch's own.
    expect((await runtime.inbox(person('p-hieu'), {})).counts.total).toBe(0);
  });
});

describe('the instance view', () => {
  it('names the people and units its summary refers to', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-binh'));
    expect(view.summary).toMatchObject({ memberId: 'p-an', sourceBranchId: 'cd-thon2' });
    expect(view.names).toMatchObject({ 'p-an': 'Nguyễn Văn An', 'cd-thon2': 'Chi đoàn thôn 2' });
  });
});
