import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { allowedEvents } from './allowed-events.ts';
import { demoDirectoryData } from './demo/directory.ts';
import { OrgDirectory } from './directory.ts';
import { person, systemPrincipal } from './permissions.ts';
import { WorkflowRegistry } from './registry.ts';
import { applyEvent, replay, start, tasksOf } from './runtime.ts';
import { InstanceDriver, ManualClock, refusal, sequentialIds } from './testing/harness.ts';
import { defineWorkflow } from './define-workflow.ts';
import { memberTransfer } from './workflows/member-transfer/index.ts';
import { transferMachine } from './workflows/member-transfer/machine.ts';

const directory = new OrgDirectory(demoDirectoryData);
const input = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc',
};
const at = (now: string) => ({ directory, clock: new ManualClock(now), ids: sequentialIds() });

describe('start', () => {
  it('refuses invalid input with the zod issues and a stable code', () => {
    const error = refusal(() =>
      start(
        memberTransfer,
        { ...input, kind: 'forever', reason: '' },
        { ...at('2026-03-02T02:00:00Z'), principal: person('p-an') },
      ),
    );
    expect(error.code).toBe('INVALID_INPUT');
    const paths = (error.details['issues'] as { path: string[] }[]).map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['kind', 'reason']));
  });

  it('checks who may start: the member, or their branch secretary, nobody else', () => {
    const ctx = at('2026-03-02T02:00:00Z');
    expect(start(memberTransfer, input, { ...ctx, principal: person('p-an') }).entry.actor.role).toBe(
      'member',
    );
    expect(start(memberTransfer, input, { ...ctx, principal: person('p-binh') }).entry.actor.role).toBe(
      'branchSecretary',
    );
    expect(refusal(() => start(memberTransfer, input, { ...ctx, principal: person('p-cuong') })).reason).toBe(
      'unit',
    );
    expect(refusal(() => start(memberTransfer, input, { ...ctx, principal: person('p-lan') })).reason).toBe(
      'role',
    );
  });

  it('applies deployment policy overrides and records them on the start entry', () => {
    const result = start(memberTransfer, input, {
      ...at('2026-03-02T02:00:00Z'),
      principal: person('p-an'),
      policy: { referralValidityDays: 45 },
    });
    expect(result.snapshot.machine.context['policy']).toMatchObject({
      referralValidityDays: 45,
      destinationResponseWorkingDays: 5,
    });
    expect(result.entry.policy).toMatchObject({ referralValidityDays: 45 });
    expect(
      refusal(() =>
        start(memberTransfer, input, {
          ...at('2026-03-02T02:00:00Z'),
          principal: person('p-an'),
          policy: { referralValidityDays: -1 },
        }),
      ).code,
    ).toBe('INVALID_DEFINITION');
  });

  it('is deterministic: same input, same output', () => {
    const a = start(memberTransfer, input, { ...at('2026-03-02T02:00:00Z'), principal: person('p-an') });
    const b = start(memberTransfer, input, { ...at('2026-03-02T02:00:00Z'), principal: person('p-an') });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('applyEvent', () => {
  const driver = () =>
    new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' }).start('p-an', input);

  it('refuses unknown events and bad payloads with stable codes', () => {
    const d = driver().send('p-an', 'SUBMIT');
    expect(d.refuse('p-binh', 'TELEPORT').code).toBe('UNKNOWN_EVENT');
    const bad = d.refuse('p-binh', 'CONFIRM', { duesPaidThrough: '2026-13', memberBookComment: '' });
    expect(bad.code).toBe('INVALID_PAYLOAD');
    expect((bad.details['issues'] as { path: string[] }[]).map((i) => i.path[0])).toEqual([
      'duesPaidThrough',
      'memberBookComment',
    ]);
  });

  it('names the failed guard when the conditions are not met', () => {
    const d = driver()
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
    const stale = d.refuse('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '1', issuedOn: '2025-12-30' });
    expect(stale).toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'guard' });
    expect(stale.details['guards']).toEqual(expect.arrayContaining(['referralDatedThisYear']));
  });

  it('accepts a timer event only from the system and only while the timer is pending', () => {
    const d = driver()
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '1', issuedOn: '2026-03-02' });
    const timer = d.snapshot.timers[0]!;
    expect(d.refuse('p-hieu', 'REFERRAL_EXPIRED').reason).toBe('timer_only');
    const system = { principal: systemPrincipal, directory, clock: d.clock };
    const wrongId = refusal(() =>
      applyEvent(memberTransfer, d.snapshot, { type: 'REFERRAL_EXPIRED', timerId: 'nope' }, system),
    );
    expect(wrongId.code).toBe('TIMER_NOT_PENDING');
    d.send('p-an', 'PRESENT_REFERRAL'); // leaves inTransit: the validity timer is cancelled
    expect(d.last.effects).toContainEqual({
      type: 'timer.cancel',
      timerId: timer.id,
      name: 'referralValidity',
    });
    const late = refusal(() =>
      applyEvent(memberTransfer, d.snapshot, { type: 'REFERRAL_EXPIRED', timerId: timer.id }, system),
    );
    expect(late.code).toBe('TIMER_NOT_PENDING');
  });

  it('refuses everything once the instance is finished, and cancels what was pending', () => {
    const d = driver().send('p-an', 'WITHDRAW');
    expect(d.snapshot.status).toBe('done');
    expect(d.last.effects).toContainEqual({ type: 'instance.finished', state: 'withdrawn' });
    expect(d.last.tasks).toEqual([]);
    expect(d.refuse('p-an', 'SUBMIT').reason).toBe('finished');
    expect(allowedEvents(memberTransfer, d.snapshot, person('p-an'), directory)).toEqual([]);
  });
});

describe('replay', () => {
  it('rebuilds the stored snapshot from the history alone', () => {
    const d = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' }).start('p-an', input);
    d.send('p-an', 'SUBMIT');
    d.send(
      'p-binh',
      'CONFIRM',
      { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' },
      { comment: 'Đồng ý' },
    );
    d.send('p-khanh', 'ISSUE_REFERRAL', { referralNumber: '7', issuedOn: '2026-03-02' });
    d.fire('referralValidity');
    d.send('p-hieu', 'REISSUE', { referralNumber: '8', issuedOn: '2026-04-01' });
    expect(replay(memberTransfer, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
    expect(replay(memberTransfer, d.snapshot.instanceId, JSON.parse(JSON.stringify(d.history)))).toEqual(
      d.snapshot,
    );
  });

  it('refuses a history that does not begin with the start', () => {
    expect(refusal(() => replay(memberTransfer, 'x', [])).code).toBe('INVALID_INPUT');
  });
});

describe('versioning', () => {
  // v2 drops the "requested" step: a request goes straight to the source branch.
  const v2 = defineWorkflow({
    ...memberTransfer,
    version: 2,
    machine: createMachine(
      { ...transferMachine.config, initial: 'sourceBranch' },
      transferMachine.implementations,
    ),
  });

  it('keeps running v1 instances on v1 after v2 is registered', () => {
    const registry = new WorkflowRegistry([memberTransfer]);
    const d = new InstanceDriver(registry.get('member-transfer'), { now: '2026-03-02T02:00:00Z' }).start(
      'p-an',
      input,
    );
    expect(d.snapshot.version).toBe(1);
    registry.register(v2);
    expect(registry.get('member-transfer').version).toBe(2);
    expect(registry.versions('member-transfer')).toEqual([1, 2]);
    const stored = JSON.parse(JSON.stringify(d.snapshot));
    const definition = registry.get(stored.workflowId, stored.version);
    const next = applyEvent(
      definition,
      stored,
      { type: 'SUBMIT' },
      { principal: person('p-an'), directory, clock: d.clock },
    );
    expect(next.snapshot).toMatchObject({ version: 1, state: 'sourceBranch' });
    expect(
      refusal(() =>
        applyEvent(v2, stored, { type: 'SUBMIT' }, { principal: person('p-an'), directory, clock: d.clock }),
      ).code,
    ).toBe('SNAPSHOT_MISMATCH');
    const fresh = start(registry.get('member-transfer'), input, {
      ...at('2026-03-02T02:00:00Z'),
      principal: person('p-an'),
    });
    expect(fresh.snapshot).toMatchObject({ version: 2, state: 'sourceBranch' });
  });

  it('names unknown workflows and versions', () => {
    const registry = new WorkflowRegistry([memberTransfer]);
    expect(refusal(() => registry.get('nope')).code).toBe('UNKNOWN_WORKFLOW');
    expect(refusal(() => registry.get('member-transfer', 9))).toMatchObject({
      code: 'UNKNOWN_VERSION',
      details: { versions: [1] },
    });
    expect(refusal(() => registry.register(memberTransfer)).code).toBe('INVALID_DEFINITION');
    expect(registry.latest()).toEqual([memberTransfer]);
    expect(registry.all()).toHaveLength(1);
  });
});

describe('a unit merger re-routes open tasks', () => {
  it('sends the base review of a branch of a merged town union to the new commune union', () => {
    // Filed in June 2025 in Tổ dân phố 1, then under Đoàn thị trấn Trà My.
    const d = new InstanceDriver(memberTransfer, { now: '2025-06-20T02:00:00Z' })
      .start('p-dung', { ...input, memberId: 'p-dung', sourceBranchId: 'cd-tdp1' })
      .send('p-dung', 'SUBMIT')
      .send('p-giang', 'CONFIRM', { duesPaidThrough: '2025-05', memberBookComment: 'Tốt' });
    const baseTask = (tasks: { role: string; unitId: string | null }[]) =>
      tasks.find((t) => t.role === 'baseSecretary')?.unitId;
    expect(baseTask(d.last.tasks)).toBe('tt-tramy');
    expect(d.allowed('p-son')).toContain('ISSUE_REFERRAL');

    // On 1 July 2025 the town union merged into Đoàn xã Trà My.
    d.clock.set('2025-07-02T02:00:00Z');
    expect(baseTask(tasksOf(memberTransfer, d.snapshot, directory, d.clock.now()))).toBe('tramy');
    expect(d.allowed('p-son')).toEqual([]);
    expect(d.refuse('p-son', 'ISSUE_REFERRAL', { referralNumber: '3', issuedOn: '2025-07-02' }).reason).toBe(
      'role',
    );
    d.send('p-minh', 'ISSUE_REFERRAL', { referralNumber: '3', issuedOn: '2025-07-02' });
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-minh', unitId: 'tramy' });
  });

  it('routes a transfer addressed to a merged base to its successor', () => {
    const d = new InstanceDriver(memberTransfer, { now: '2025-07-10T02:00:00Z' })
      .start('p-an', { ...input, destinationBaseId: 'traso' })
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', { duesPaidThrough: '2025-06', memberBookComment: 'Tốt' })
      .send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '5', issuedOn: '2025-07-10' });
    expect(d.last.tasks.find((t) => t.role === 'baseStanding')?.unitId).toBe('tramy');
    d.send('p-an', 'PRESENT_REFERRAL').send('p-minh', 'ACCEPT');
    expect(d.state).toBe('branchAssignment');
  });
});

describe('defineWorkflow checks a definition before anyone uses it', () => {
  const broken = (patch: Record<string, unknown>) => () =>
    defineWorkflow({ ...memberTransfer, ...patch } as never);

  it('requires a label for every state and a spec for every event', () => {
    const { completed: _dropped, ...states } = memberTransfer.states;
    expect(broken({ states })).toThrow(/state "completed" has no label/);
    const { ACCEPT: _accept, ...events } = memberTransfer.events;
    expect(broken({ events })).toThrow(/"ACCEPT" has no spec/);
    expect(broken({ states: { ...memberTransfer.states, nowhere: { vi: 'x', en: 'x' } } })).toThrow(
      /unknown state "nowhere"/,
    );
  });

  it('refuses permissions that name unknown states or events, or events nobody can send', () => {
    const extra = (rule: object) => broken({ permissions: [...memberTransfer.permissions, rule] });
    expect(extra({ event: 'ACCEPT', states: ['limbo'], role: 'x', of: 'sourceBranch' })).toThrow(
      /unknown state "limbo"/,
    );
    expect(extra({ event: 'ACCEPT', states: ['requested'], role: 'x', of: 'sourceBranch' })).toThrow(
      /does not handle "ACCEPT"/,
    );
    expect(extra({ event: 'FLY', states: ['requested'], role: 'x', of: 'sourceBranch' })).toThrow(
      /unknown event "FLY"/,
    );
    expect(
      extra({ event: 'REFERRAL_EXPIRED', states: ['inTransit'], role: 'x', of: 'sourceBranch' }),
    ).toThrow(/timer event/);
    expect(extra({ event: 'ACCEPT', states: ['destinationBase'], role: 'x' })).toThrow(/names no unit/);
    expect(
      broken({ permissions: memberTransfer.permissions.filter((r) => r.event !== 'ACKNOWLEDGE') }),
    ).toThrow(/nobody may send "ACKNOWLEDGE"/);
  });

  it('refuses XState delays and invoked actors, whose timers do not survive persistence', () => {
    const withAfter = createMachine({
      id: 'x',
      initial: 'a',
      states: { a: { after: { 1000: 'b' } }, b: {} },
    });
    const labels = {
      states: { a: { vi: 'a', en: 'a' }, b: { vi: 'b', en: 'b' } },
      events: {},
      permissions: [],
    };
    expect(broken({ machine: withAfter, ...labels })).toThrow(/uses "after"/);
    expect(broken({ id: 'Bad Id' })).toThrow(/simple identifier/);
    expect(broken({ version: 0 })).toThrow(/positive integer/);
  });
});

describe('guard refusals', () => {
  it('name the guards inside and() combinations', () => {
    const d = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' })
      .start('p-an', input)
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
    const refused = d.refuse('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '1', issuedOn: '2027-01-04' });
    // The first alternative is and(referralDatedThisYear, sameBase); the second referralDatedThisYear.
    expect(refused.details['guards']).toEqual(['referralDatedThisYear', 'sameBase', 'referralDatedThisYear']);
  });
});

describe('lapsed deadlines', () => {
  it('keep a task overdue after its escalation fired, until the state changes', () => {
    const d = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' })
      .start('p-an', input)
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' })
      .send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '1', issuedOn: '2026-03-02' })
      .send('p-an', 'PRESENT_REFERRAL');
    const due = d.snapshot.timers[0]!.due;
    d.fire('destinationResponse');
    expect(d.snapshot.timers).toEqual([]);
    expect(d.last.tasks.map((task) => task.due)).toEqual([due, due]);
    d.send('p-nga', 'ACCEPT');
    expect(d.snapshot.lapsed).toBeUndefined();
    expect(d.last.tasks.map((task) => task.due)).toEqual([null]);
    expect(replay(memberTransfer, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });
});
