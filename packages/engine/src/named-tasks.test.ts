import { describe, expect, it } from 'vitest';
import { admissionFixture } from './admission.fixture.ts';
import { defineWorkflow } from './define-workflow.ts';
import { replay } from './runtime.ts';
import { InstanceDriver } from './testing/harness.ts';

/** Tasks for the people a request names (a rule's `persons`): one each, only theirs to act on. */
const at = '2026-12-01T02:00:00.000Z';

describe('tasks for the people the request names', () => {
  const begin = () =>
    new InstanceDriver(admissionFixture, { now: at }).start('p-binh', {
      candidateId: 'p-yen',
      branchId: 'cd-thon2',
      introducerIds: ['p-an', 'p-cuong'],
      ofAge: true,
    });
  const named = (driver: InstanceDriver) =>
    driver.last.tasks
      .filter((task) => task.relation === 'named')
      .map(({ personId, unitId, role, events }) => ({ personId, unitId, role, events }));

  it('gives each introducer a task of their own, closed when that person acts', () => {
    const driver = begin();
    expect(named(driver)).toEqual([
      { personId: 'p-an', unitId: null, role: 'introducer', events: ['CONFIRM_INTRODUCTION'] },
      { personId: 'p-cuong', unitId: null, role: 'introducer', events: ['CONFIRM_INTRODUCTION'] },
    ]);
    expect(driver.allowed('p-an')).toEqual(['CONFIRM_INTRODUCTION']);
    driver.send('p-an', 'CONFIRM_INTRODUCTION');
    expect(driver.last.entry.actor).toMatchObject({ personId: 'p-an', role: 'introducer', acting: 'self' });
    expect(named(driver).map((task) => task.personId)).toEqual(['p-cuong']);
    expect(driver.allowed('p-an')).toEqual([]);
    expect(driver.refuse('p-an', 'CONFIRM_INTRODUCTION').reason).toBe('not_named');

    driver.send('p-yen', 'SUBMIT_APPLICATION');
    expect(driver.state).toBe('checks.application.received|checks.introductions.confirming');
    driver.send('p-cuong', 'CONFIRM_INTRODUCTION');
    // The last confirmation ends the region (always), both regions are final (onDone), and the
    // transient decision (always) leads to the branch's vote: all in one step.
    expect(driver.state).toBe('branchVote');
    expect(named(driver)).toEqual([]);
    driver.send('p-binh', 'ADMIT');
    expect(driver.snapshot.status).toBe('done');
    expect(replay(admissionFixture, driver.snapshot.instanceId, driver.history)).toEqual(driver.snapshot);
  });

  it('lets nobody else act on them: not the branch secretary, not the candidate', () => {
    const driver = begin();
    const secretary = driver.refuse('p-binh', 'CONFIRM_INTRODUCTION');
    expect(secretary).toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'not_named' });
    expect(secretary.message).toMatch(/people the request names/);
    expect(driver.refuse('p-yen', 'CONFIRM_INTRODUCTION').reason).toBe('not_named');
    expect(driver.allowed('p-binh')).toEqual([]);
    // Only "self": an introducer confirms in their own name.
    expect(driver.refuse('p-an', 'CONFIRM_INTRODUCTION', {}, { acting: 'KT' }).reason).toBe('acting_form');
  });

  it('refuses a rule that names persons and a unit', () => {
    expect(() =>
      defineWorkflow({
        ...admissionFixture,
        permissions: admissionFixture.permissions.map((rule) =>
          rule.persons ? { ...rule, of: 'branch' } : rule,
        ),
      }),
    ).toThrow(/names persons and also a unit/);
  });
});
