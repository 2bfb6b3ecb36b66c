import { demoDirectoryData } from '@doanflow/engine';
import { checkSummaryLabels, InstanceDriver } from '@doanflow/engine/testing';
import { describe, expect, it } from 'vitest';
import { memberAdmission } from '../src/workflow/index.ts';
import { admission } from './fixtures-admission.ts';

/** Who may do what, through the pure engine against the demo directory (no server). */
const begin = () =>
  new InstanceDriver(memberAdmission, { now: '2026-03-02T02:00:00.000Z' }).start('p-binh', admission());
const introducerTasks = (driver: InstanceDriver) =>
  driver.last.tasks.filter((task) => task.role === 'introducer').map((task) => task.personId);

describe('member admission: who may do what', () => {
  it('is filed by the branch secretary of the candidate’s branch, with two different introducers', () => {
    expect(begin().state).toBe(
      'preparation.branchMeeting.awaitingVote|preparation.introductions.awaitingIntroducers',
    );
    const driver = new InstanceDriver(memberAdmission, { now: '2026-03-02T02:00:00.000Z' });
    expect(() => driver.start('p-cuong', admission())).toThrow(/not held at the unit/);
    expect(() => driver.start('p-binh', admission({ introducerIds: ['p-an', 'p-an'] }))).toThrow(/not valid/);
  });

  it('gives each introducer a task of their own that closes when they confirm', () => {
    const driver = begin();
    expect(introducerTasks(driver)).toEqual(['p-an', 'p-cuong']);
    // The branch's own secretary may record the vote, but not confirm for an introducer.
    expect(driver.refuse('p-binh', 'CONFIRM_INTRODUCTION').reason).toBe('not_named');
    expect(driver.allowed('p-binh')).toEqual(['RECORD_BRANCH_VOTE']);
    driver.send('p-an', 'CONFIRM_INTRODUCTION');
    expect(introducerTasks(driver)).toEqual(['p-cuong']);
    expect(driver.refuse('p-an', 'CONFIRM_INTRODUCTION').reason).toBe('not_named');
    driver.send('p-cuong', 'CONFIRM_INTRODUCTION');
    expect(driver.state).toBe('preparation.branchMeeting.awaitingVote|preparation.introductions.introduced');
    expect(introducerTasks(driver)).toEqual([]);
  });

  it('goes to the base only with the branch’s majority, decided by the chart in the same step', () => {
    const proposed = begin()
      .send('p-an', 'CONFIRM_INTRODUCTION')
      .send('p-cuong', 'CONFIRM_INTRODUCTION')
      .send('p-binh', 'RECORD_BRANCH_VOTE', { votesFor: 9, votesAgainst: 1 });
    expect(proposed.state).toBe('baseDecision');
    expect(proposed.refuse('p-binh', 'ADMIT').reason).toBe('role');
    proposed.send('p-hieu', 'ADMIT');
    expect(proposed.last.entry.actor).toMatchObject({ personId: 'p-hieu', acting: 'TM' });
    expect(proposed.context['outcome']).toBe('admitted');

    const tied = begin()
      .send('p-binh', 'RECORD_BRANCH_VOTE', { votesFor: 4, votesAgainst: 4 })
      .send('p-cuong', 'CONFIRM_INTRODUCTION')
      .send('p-an', 'CONFIRM_INTRODUCTION');
    expect(tied.snapshot).toMatchObject({ state: 'notAdmitted', status: 'done' });
    expect(tied.context['outcome']).toBe('notProposed');
  });
});

describe('member admission: the summary in words', () => {
  it('labels every field it builds and every outcome code, at every step of both walks', () => {
    const contexts: unknown[] = [];
    const driver = begin();
    const steps: [string, string, object?][] = [
      ['p-an', 'CONFIRM_INTRODUCTION'],
      ['p-cuong', 'CONFIRM_INTRODUCTION'],
      ['p-binh', 'RECORD_BRANCH_VOTE', { votesFor: 9, votesAgainst: 1 }],
      ['p-hieu', 'REJECT', { reason: 'Chưa hoàn thành lớp cảm tình Đoàn' }],
    ];
    contexts.push(driver.context);
    for (const [personId, type, payload] of steps)
      contexts.push(driver.send(personId, type, payload).context);
    const people = new Set(demoDirectoryData.people.map((person) => person.id));
    const check = checkSummaryLabels(memberAdmission, contexts, (key) => people.has(key));
    expect(check.problems).toEqual([]);
    expect(check.fields).toEqual(
      expect.arrayContaining(['member-admission summary.confirmedBy', 'member-admission summary.outcome']),
    );
  });
});
