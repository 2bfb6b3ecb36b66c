import { describe, expect, it } from 'vitest';
import { allowedEvents } from './allowed-events.ts';
import { localDate, vietnamCalendar } from './calendar/calendar.ts';
import type { ActingForm, AnyWorkflowDefinition } from './define-workflow.ts';
import { statePaths } from './define-workflow.ts';
import type { Delegation } from './delegation.ts';
import { demoDirectoryData } from './demo/directory.ts';
import { OrgDirectory } from './directory.ts';
import { isWorkflowError } from './errors.ts';
import { authorize, person, rulesFor } from './permissions.ts';
import { restoreMachineSnapshot, type InstanceSnapshot } from './snapshot.ts';
import { InstanceDriver } from './testing/harness.ts';
import { memberTransfer } from './workflows/member-transfer/index.ts';
import { memberTransferV2 } from './workflows/member-transfer/v2/index.ts';

/**
 * allowedEvents computes the person's bindings once and asks without throwing (a start's view asks
 * for every event in three forms); the answer must stay the one `authorize` gives event by event
 * and form by form, which is how it was computed before.
 */
function byAuthorize(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  personId: string,
  driver: InstanceDriver,
  delegations: readonly Delegation[],
) {
  if (snapshot.status === 'done') return [];
  const machineSnapshot = restoreMachineSnapshot(definition, snapshot);
  const now = driver.clock.now();
  const scope = {
    definition,
    context: machineSnapshot.context,
    directory: driver.directory,
    on: localDate(now, vietnamCalendar),
    delegations,
  };
  return Object.entries(definition.events).flatMap(([type, spec]) => {
    if (spec.timer) return [];
    const rules = rulesFor(definition, machineSnapshot, type);
    if (rules.length === 0) return [];
    const candidates = rules.map((rule) => ({ rule, decision: spec.decision === true }));
    const acting = (['self', 'TM', 'KT'] as ActingForm[]).filter((form) => {
      try {
        authorize(person(personId), candidates, scope, form);
        return true;
      } catch (error) {
        if (isWorkflowError(error)) return false;
        throw error;
      }
    });
    if (acting.length === 0) return [];
    const { label } = spec;
    return [
      { type, label, acting, decision: spec.decision === true, irreversible: spec.irreversible === true },
    ];
  });
}

const people = demoDirectoryData.people.map((p) => p.id);
/** Every secretary's role lent to every other person: delegated bindings in every combination. */
const delegationsTo = (delegateId: string): Delegation[] =>
  demoDirectoryData.bindings
    .filter((b) => !b.deputy && b.personId !== delegateId)
    .map((b, n) => ({
      id: `d-${n}`,
      holderId: b.personId,
      delegateId,
      role: b.role,
      unitId: b.unitId,
      from: '2026-01-01',
      until: '2026-12-31',
    }));

function expectSameForEveryone(driver: InstanceDriver, snapshot: InstanceSnapshot): number {
  let offered = 0;
  for (const personId of people) {
    for (const delegations of [[], delegationsTo(personId)]) {
      const now = driver.clock.now();
      const got = allowedEvents(
        driver.definition,
        snapshot,
        person(personId),
        driver.directory,
        now,
        vietnamCalendar,
        delegations,
      );
      expect(got, `${personId} in ${snapshot.state}`).toEqual(
        byAuthorize(driver.definition, snapshot, personId, driver, delegations),
      );
      offered += got.length;
    }
  }
  return offered;
}

const input = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};

describe('allowedEvents', () => {
  it.each([
    { definition: memberTransfer, start: input },
    { definition: memberTransferV2, start: input },
  ])(
    "equals authorize's answer for every demo person in every state of member transfer v$definition.version",
    ({ definition, start }) => {
      const driver = new InstanceDriver(definition, { now: '2026-03-02T02:00:00Z' }).start('p-an', start, {});
      let offered = 0;
      for (const path of statePaths(definition.machine)) {
        const value = path
          .split('.')
          .reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
        const snapshot = {
          ...driver.snapshot,
          state: path,
          machine: { ...driver.snapshot.machine, value: value as never },
        };
        offered += expectSameForEveryone(driver, snapshot);
      }
      // The comparison is not vacuous: people are offered events, in some forms.
      expect(offered).toBeGreaterThan(20);
    },
  );

  it("equals authorize's answer for every demo person along a whole transfer (contexts as they grow)", () => {
    const driver = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' }).start('p-an', input);
    const states: string[] = [];
    const check = () => {
      states.push(driver.state);
      expectSameForEveryone(driver, driver.snapshot);
    };
    check();
    driver.send('p-an', 'SUBMIT');
    check();
    driver.clock.advanceDays(1);
    driver.send('p-binh', 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
    check();
    driver.clock.advanceDays(1);
    driver.send('p-khanh', 'ISSUE_REFERRAL', { referralNumber: '12/GGT-ĐTN', issuedOn: '2026-03-04' });
    check();
    driver.clock.advanceDays(3);
    driver.send('p-an', 'PRESENT_REFERRAL');
    check();
    driver.fire('destinationResponse');
    check();
    driver.send('p-ha', 'ACCEPT');
    check();
    driver.send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    check();
    driver.send('p-vy', 'ACKNOWLEDGE');
    check();
    expect(new Set(states).size).toBeGreaterThan(5);
  });
});

/** The demo directory, counting how often a person's bindings are looked up. */
class CountingDirectory extends OrgDirectory {
  lookups = 0;
  override bindingsOf(personId: string, on: string) {
    this.lookups += 1;
    return super.bindingsOf(personId, on);
  }
}

it("allowedEvents looks up a person's bindings once, not once per event and signing form", () => {
  const directory = new CountingDirectory(demoDirectoryData);
  const driver = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z', directory }).start(
    'p-an',
    input,
  );
  const lookups = () =>
    ['p-an', 'p-binh', 'p-khanh'].map((who) => {
      directory.lookups = 0;
      allowedEvents(memberTransfer, driver.snapshot, person(who), directory, driver.clock.now());
      return directory.lookups;
    });
  // Before: 6 lookups in `requested` (two events with rules, three forms), 9 in `sourceBranch`.
  expect(lookups()).toEqual([1, 1, 1]);
  driver.send('p-an', 'SUBMIT');
  expect(driver.state).toBe('sourceBranch');
  expect(lookups()).toEqual([1, 1, 1]);
});
