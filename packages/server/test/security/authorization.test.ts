import type { ActingForm, InstanceSnapshot } from '@doanflow/engine';
import * as fc from 'fast-check';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import {
  allows,
  expectedButtons,
  inState,
  judge,
  judgeStart,
  OrgOracle,
  type OracleDelegation,
  type StartVerdict,
  type Verdict,
} from './oracle.ts';
import { buildPool, type PoolInstance } from './pool.ts';
import { samplePayloads } from './samples.ts';
import {
  bearer,
  openSecureServer,
  securityDirectory,
  testedWorkflows as unionWorkflows,
  TestClock,
  type SecureServer,
} from './support.ts';

/**
 * Random officers × random instances × random events × dates either side of the 1 July 2025
 * reorganisation, sent over HTTP to the real runtime and judged by an independent reading of the
 * permission tables (oracle.ts): no decision the rules forbid is accepted, none they allow is
 * refused, and the buttons GET /instances/:id offers are exactly what the rules allow.
 */

const SEED = Number(process.env['SECURITY_SEED'] ?? 20_250_701);
const RUNS = Number(process.env['SECURITY_RUNS'] ?? 300);

const clock = new TestClock('2026-03-02T02:00:00Z');
const org = new OrgOracle(securityDirectory);
let server: SecureServer;
let pool: PoolInstance[];

/**
 * Delegations (ủy quyền) in force on some of the property's dates, made over HTTP as officers make
 * them: a Phó Bí thư with none of the secretary's roles (p-uyen), deputies who hold the role already
 * (their own binding comes first), a personal vote (never delegated) and one revoked at once.
 */
const delegations: (OracleDelegation & { revoke?: boolean })[] = [
  {
    holderId: 'p-nga',
    delegateId: 'p-uyen',
    role: 'baseSecretary',
    unitId: 'hoachau',
    from: '2025-05-14',
    until: '2025-07-01',
  },
  {
    holderId: 'p-nga',
    delegateId: 'p-uyen',
    role: 'baseSecretary',
    unitId: 'hoachau',
    from: '2026-03-05',
    until: '2026-03-05',
    revoke: true,
  },
  {
    holderId: 'p-nga',
    delegateId: 'p-uyen',
    role: 'baseSecretary',
    unitId: 'hoachau',
    from: '2026-04-29',
    until: '2026-04-29',
  },
  {
    holderId: 'p-hieu',
    delegateId: 'p-khanh',
    role: 'baseSecretary',
    unitId: 'tradoc',
    from: '2026-03-05',
    until: '2026-04-29',
  },
  {
    holderId: 'p-ha',
    delegateId: 'p-long',
    role: 'councilChair',
    unitId: 'dn',
    from: '2026-03-05',
    until: '2026-04-29',
  },
  {
    holderId: 'p-ha',
    delegateId: 'p-long',
    role: 'standingSecretary',
    unitId: 'dn',
    from: '2025-05-14',
    until: '2025-07-01',
  },
];

async function delegate(delegation: (typeof delegations)[number]): Promise<OracleDelegation> {
  const { revoke, ...fields } = delegation;
  clock.set(`${fields.from}T01:00:00.000Z`);
  const { holderId, ...body } = fields;
  const created = await server.app.inject({
    method: 'POST',
    url: '/delegations',
    headers: await bearer(holderId),
    payload: body,
  });
  assert.strictEqual(created.statusCode, 201, created.body);
  if (!revoke) return fields;
  const revoked = await server.app.inject({
    method: 'POST',
    url: `/delegations/${created.json().id}/revoke`,
    headers: await bearer(holderId),
  });
  assert.strictEqual(revoked.statusCode, 200, revoked.body);
  return { ...fields, revoked: true };
}

beforeAll(async () => {
  server = await openSecureServer('authz', clock, { rateLimit: { max: 1_000_000 } });
  pool = await buildPool(server);
  for (const delegation of delegations) org.delegations.push(await delegate(delegation));
}, 60_000);
afterAll(async () => server?.close());

/** Every person in the directory, and someone it has never heard of. */
const officers = [...securityDirectory.people.map((person) => person.id), 'p-stranger'];
/** Those who may only start: the directory's people, a stranger, and the reserved `system`. */
const starters = [...officers, 'system'];
const branches = ['cd-tdp1', 'cd-tdp3', 'cd-thon2', 'cd-thon5', 'cd-kdc-tayan'];
/** 09:00 in Vietnam: two days under the district, the last one, the first after, and 2026. */
const instants = [
  '2025-05-14T02:00:00.000Z',
  '2025-06-30T02:00:00.000Z',
  '2025-07-01T02:00:00.000Z',
  '2026-03-05T02:00:00.000Z',
  '2026-04-29T02:00:00.000Z',
];
const forms: (ActingForm | undefined)[] = [undefined, undefined, undefined, 'self', 'TM', 'KT'];
/** A workflow's given version, or the latest (what a new instance starts on). */
const definitionOf = (workflowId: string, version?: number) => {
  const versions = unionWorkflows.filter((definition) => definition.id === workflowId);
  const wanted = version ?? Math.max(...versions.map((definition) => definition.version));
  return versions.find((definition) => definition.version === wanted)!;
};

async function snapshotOf(id: string): Promise<InstanceSnapshot & { revision: number }> {
  const [row] = await server.runtime.db.query<{ snapshot: InstanceSnapshot; revision: number }>(
    'select snapshot, revision from instances where id = $1',
    [id],
  );
  return { ...row!.snapshot, revision: row!.revision };
}

interface Tally {
  accepted: number;
  refused: Record<string, number>;
  /** Allowed by the rules, refused by a guard on the payload or the time (422 with guard names). */
  payloadGuard: number;
  acceptedByForm: Record<string, number>;
  buttonsChecked: number;
  /** Accepted acts taken by a delegate on a holder's behalf. */
  onBehalf: number;
}

describe('authorization against the permission tables and the org directory', () => {
  it('has a valid sample payload for every event of every workflow', () => {
    for (const definition of unionWorkflows) {
      const samples = samplePayloads[definition.id]!;
      // One table per workflow id, covering the events of all its versions.
      const versions = unionWorkflows.filter((other) => other.id === definition.id);
      assert.deepEqual(
        Object.keys(samples ?? {}).sort(),
        [...new Set(versions.flatMap((other) => Object.keys(other.events)))].sort(),
        definition.id,
      );
      for (const [type, spec] of Object.entries(definition.events)) {
        const parsed = spec.payload.safeParse(samples[type]!('2026-03-05'));
        assert.strictEqual(parsed.success, true, `${definition.id} ${type}`);
      }
    }
  });

  it('accepts exactly what the rules allow, and offers exactly those buttons', async () => {
    const tally: Tally = {
      accepted: 0,
      refused: {},
      payloadGuard: 0,
      acceptedByForm: {},
      buttonsChecked: 0,
      onBehalf: 0,
    };
    const count = (key: string) => (tally.refused[key] = (tally.refused[key] ?? 0) + 1);

    const attempt = fc.record({
      chosen: fc.constantFrom(...pool),
      officer: fc.constantFrom(...officers),
      at: fc.constantFrom(...instants),
      acting: fc.constantFrom(...forms),
      /**
       * Which event: any of the workflow's, one the current state handles, one somebody may send, or
       * one somebody holds the role for but may not send (wrong unit, conflict, condition, form).
       */
      focus: fc.constantFrom('any', 'state', 'entitled', 'entitled', 'contested'),
      pick: fc.nat(),
      comment: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      onlookers: fc.subarray(officers, { maxLength: 3 }),
    });

    await fc.assert(
      fc.asyncProperty(
        attempt,
        async ({ chosen, officer: randomOfficer, at, acting, focus, pick, comment, onlookers }) => {
          clock.set(at);
          const on = at.slice(0, 10);
          const instance = chosen;
          const snapshot = await snapshotOf(instance.id);
          const definition = definitionOf(instance.workflowId, snapshot.version);
          let officer = randomOfficer;
          const types = Object.keys(definition.events);
          const live = types.filter((type) =>
            definition.permissions.some(
              (rule) =>
                rule.event === type && rule.states.some((path) => inState(snapshot.machine.value, path)),
            ),
          );
          let type = types[pick % types.length]!;
          if (focus === 'state' && live.length > 0) type = live[pick % live.length]!;
          if (focus === 'entitled') {
            const entitled = officers.flatMap((person) =>
              Object.keys(expectedButtons(org, definition, snapshot, person, on)).map((event) => [
                person,
                event,
              ]),
            );
            if (entitled.length > 0) [officer, type] = entitled[pick % entitled.length] as [string, string];
          }
          if (focus === 'contested') {
            // Someone holds a role the rule names but may not act: wrong unit, conflict, condition or form.
            const contested = officers.flatMap((person) =>
              live
                .filter((event) => {
                  const verdict = judge(org, {
                    definition,
                    snapshot,
                    eventType: event,
                    personId: person,
                    on,
                    requested: acting,
                  });
                  return (
                    verdict.kind === 'rules' &&
                    !allows(verdict, acting) &&
                    [...verdict.failures].some((f) => f !== 'role')
                  );
                })
                .map((event) => [person, event]),
            );
            if (contested.length > 0)
              [officer, type] = contested[pick % contested.length] as [string, string];
          }
          const headers = await bearer(officer);

          // The buttons: GET /instances/:id on this date, for this officer and a few others.
          for (const viewer of new Set([officer, ...onlookers])) {
            const buttons = expectedButtons(org, definition, snapshot, viewer, on);
            const view = await server.app.inject({
              url: `/instances/${instance.id}`,
              headers: await bearer(viewer),
            });
            if (view.statusCode === 200) {
              const offered = Object.fromEntries(
                view
                  .json<{ allowedEvents: { type: string; acting: ActingForm[] }[] }>()
                  .allowedEvents.map((event) => [event.type, event.acting]),
              );
              assert.deepEqual(offered, buttons, `buttons of ${viewer} on ${on} in ${snapshot.state}`);
            } else {
              assert.strictEqual(view.statusCode, 404, `GET by ${viewer}`);
              assert.deepEqual(buttons, {}, `${viewer} may act on ${on} but cannot see the instance`);
            }
            tally.buttonsChecked += 1;
          }

          const verdict: Verdict = judge(org, {
            definition,
            snapshot,
            eventType: type,
            personId: officer,
            on,
            requested: acting,
          });
          const allowed = allows(verdict, acting);
          const response = await server.app.inject({
            method: 'POST',
            url: `/instances/${instance.id}/events`,
            headers,
            payload: {
              type,
              expectedRevision: snapshot.revision,
              payload: samplePayloads[definition.id]![type]!(on),
              ...(comment === undefined ? {} : { comment }),
              ...(acting ? { acting } : {}),
            },
          });
          const body = response.json<{ code: string; details: { reason?: string; guards?: string[] } }>();
          const label = `${officer} ${type}${acting ? ` (${acting})` : ''} on ${instance.workflowId} in ${snapshot.state} on ${on}: ${response.statusCode} ${response.body.slice(0, 300)}`;
          const reason = body.details?.reason;

          if (response.statusCode === 200) {
            assert.strictEqual(allowed, true, `accepted although the rules forbid it: ${label}`);
            const [entry] = await server.runtime.db.query<{
              actor_person_id: string;
              acting: ActingForm;
              on_behalf_of: string | null;
            }>(
              'select actor_person_id, acting, on_behalf_of from history where instance_id = $1 order by seq desc limit 1',
              [instance.id],
            );
            // On a holder's behalf only by a delegation the oracle knows; else by the person's own role.
            if (verdict.kind === 'rules' && entry!.on_behalf_of) {
              assert.strictEqual(verdict.lentFrom.has(entry!.on_behalf_of), true, `on behalf: ${label}`);
              tally.onBehalf += 1;
            } else if (verdict.kind === 'rules') {
              assert.strictEqual(verdict.ownForms.has(entry!.acting), true, `own role: ${label}`);
            }
            assert.strictEqual(entry!.actor_person_id, officer, label);
            assert.strictEqual(
              verdict.kind === 'rules' && verdict.forms.has(entry!.acting),
              true,
              `signed ${entry!.acting}: ${label}`,
            );
            if (acting) assert.strictEqual(entry!.acting, acting, label);
            tally.accepted += 1;
            tally.acceptedByForm[entry!.acting] = (tally.acceptedByForm[entry!.acting] ?? 0) + 1;
            return;
          }
          if (response.statusCode === 422 && body.code === 'MISSING_DOCUMENTS') {
            // Files are checked after authorization: only an officer who may act learns what is missing.
            assert.strictEqual(allowed, true, `authorised although forbidden (hidden by a 422): ${label}`);
            tally.payloadGuard += 1;
            return;
          }
          assert.strictEqual(body.code === 'EVENT_NOT_ALLOWED' || body.code === 'NOT_FOUND', true, label);
          if (response.statusCode === 404) {
            assert.strictEqual(allowed, false, `allowed but answered 404: ${label}`);
            count('not_visible (404)');
          } else if (response.statusCode === 403 && reason === 'timer_only') {
            assert.strictEqual(verdict.kind, 'timer', label);
            count('timer_only');
          } else if (response.statusCode === 403) {
            assert.strictEqual(allowed, false, `refused although the rules allow it: ${label}`);
            assert.strictEqual(
              verdict.kind === 'rules' && verdict.failures.has(reason as never),
              true,
              `reason ${reason}: ${label}`,
            );
            count(reason!);
          } else if (response.statusCode === 409) {
            assert.strictEqual(verdict.kind, reason, label);
            count(reason!);
          } else if (response.statusCode === 422 && body.details.guards) {
            // The machine's guard ran, so authorization had passed: it must have been allowed.
            assert.strictEqual(allowed, true, `authorised although forbidden (hidden by a 422): ${label}`);
            tally.payloadGuard += 1;
          } else if (response.statusCode === 422) {
            // A rule's `when` condition: part of the permission table.
            assert.strictEqual(allowed, false, label);
            assert.strictEqual(verdict.kind === 'rules' && verdict.failures.has('guard'), true, label);
            count('when-condition (422)');
          } else {
            assert.fail(`unexpected answer: ${label}`);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    console.log(
      `[security] authorization: ${RUNS} runs (seed ${SEED}), ${pool.length} instances; accepted ${tally.accepted} ` +
        `${JSON.stringify(tally.acceptedByForm)}; allowed but refused by a payload/time guard (422) ${tally.payloadGuard}; ` +
        `refused ${JSON.stringify(tally.refused)}; buttons checked ${tally.buttonsChecked}; ` +
        `on a holder's behalf ${tally.onBehalf}`,
    );
    // The run exercised both sides of the property.
    expect(tally.accepted).toBeGreaterThan(20);
    expect(Object.values(tally.refused).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
  }, 120_000);

  it('starts exactly what the start rules allow: caller in the directory, subject of their own unit', async () => {
    const tally: Record<StartVerdict, number> = { allowed: 0, not_in_directory: 0, refused: 0 };
    const attempt = fc.record({
      workflow: fc.constantFrom('member-transfer', 'member-transfer', 'field-visit', 'branch-review'),
      caller: fc.constantFrom(...starters),
      subject: fc.constantFrom(...starters),
      /** Most attempts are someone filing for themselves, the case the subject rule governs. */
      self: fc.boolean(),
      branch: fc.constantFrom(...branches),
      cadreUnit: fc.constantFrom('dn', 'hoachau', 'tradoc'),
      at: fc.constantFrom(...instants),
    });
    await fc.assert(
      fc.asyncProperty(attempt, async ({ workflow, caller, subject: other, self, branch, cadreUnit, at }) => {
        clock.set(at);
        const on = at.slice(0, 10);
        const subject = self ? caller : other;
        const definition = definitionOf(workflow);
        const { input, units, subjectId } =
          workflow === 'member-transfer'
            ? {
                input: {
                  memberId: subject,
                  kind: 'permanent',
                  sourceBranchId: branch,
                  destinationBaseId: branch === 'cd-kdc-tayan' ? 'tradoc' : 'hoachau',
                  reason: 'Chuyển nơi cư trú',
                },
                units: { sourceBranch: branch },
                subjectId: subject,
              }
            : workflow === 'field-visit'
              ? {
                  input: { cadreId: subject, unitId: cadreUnit, year: Number(on.slice(0, 4)) },
                  units: { cadreUnit },
                  subjectId: subject,
                }
              : {
                  input: { branchId: branch, year: Number(on.slice(0, 4)), baseId: 'tradoc' },
                  units: { branch },
                  subjectId: null,
                };
        const verdict = judgeStart(org, securityDirectory, definition, units, subjectId, caller, on);
        const response = await server.app.inject({
          method: 'POST',
          url: '/instances',
          headers: await bearer(caller),
          payload: { workflowId: workflow, input },
        });
        const body = response.json<{ code?: string; details?: { reason?: string } }>();
        const label = `${caller} starts ${workflow} ${JSON.stringify(input)} on ${on}: ${response.statusCode} ${response.body.slice(0, 300)}`;
        if (response.statusCode === 201) {
          assert.strictEqual(verdict, 'allowed', `started although the rules forbid it: ${label}`);
        } else if (response.statusCode === 403) {
          assert.strictEqual(body.code, 'EVENT_NOT_ALLOWED', label);
          assert.notStrictEqual(verdict, 'allowed', `refused although the rules allow it: ${label}`);
          assert.strictEqual(
            body.details?.reason === 'not_in_directory',
            verdict === 'not_in_directory',
            label,
          );
        } else {
          assert.fail(`unexpected answer: ${label}`);
        }
        tally[verdict] += 1;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`[security] starts: ${RUNS} runs (seed ${SEED}) ${JSON.stringify(tally)}`);
    expect(tally.allowed).toBeGreaterThan(10);
    expect(tally.refused).toBeGreaterThan(10);
    expect(tally.not_in_directory).toBeGreaterThan(5);
  }, 120_000);
  it('reads a record exactly where the scope rule allows: the person, officers at or above; 404 alike otherwise', async () => {
    // Written independently of runner/records.ts, from the rule as documented on the route.
    const notOfficers = new Set(['member', 'host', 'cadre', 'councilMember']);
    const unitIds = [...new Set(securityDirectory.units.map((unit) => unit.id)), 'no-such-unit'];
    const mayRead = (reader: string, kind: 'unit' | 'person', id: string, on: string) => {
      const exists =
        kind === 'unit'
          ? org.resolve(id, on) !== undefined
          : securityDirectory.people.some((p) => p.id === id);
      if (!exists) return false;
      if (kind === 'person' && id === reader) return true;
      const memberOf = org.memberOf(id);
      const units =
        kind === 'unit'
          ? [org.resolve(id, on)!.id]
          : [
              ...(memberOf ? [org.resolve(memberOf, on)?.id ?? memberOf] : []),
              ...org.bindings(id, on).map((binding) => binding.unitId),
            ];
      return org
        .bindings(reader, on)
        .filter((binding) => !notOfficers.has(binding.role))
        .some((office) =>
          units.some((unit) => office.unitId === unit || org.isAbove(office.unitId, unit, on)),
        );
    };
    const tally = { read: 0, notFound: 0 };
    const attempt = fc.record({
      reader: fc.constantFrom(...officers),
      kind: fc.constantFrom('unit' as const, 'person' as const),
      unit: fc.constantFrom(...unitIds),
      person: fc.constantFrom(...officers),
      self: fc.boolean(),
      at: fc.constantFrom(...instants),
    });
    await fc.assert(
      fc.asyncProperty(attempt, async ({ reader, kind, unit, person, self, at }) => {
        clock.set(at);
        const id = kind === 'unit' ? unit : self ? reader : person;
        const allowed = mayRead(reader, kind, id, at.slice(0, 10));
        const response = await server.app.inject({
          url: `/records/${kind === 'unit' ? 'units' : 'people'}/${id}`,
          headers: await bearer(reader),
        });
        const label = `${reader} reads ${kind} ${id} on ${at}: ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (allowed) {
          assert.strictEqual(response.statusCode, 200, `refused although the rule allows it: ${label}`);
          tally.read += 1;
        } else {
          assert.strictEqual(response.statusCode, 404, `answered although the rule forbids it: ${label}`);
          // Word for word what a unit or person that does not exist gets: existence is not leaked.
          assert.deepStrictEqual(response.json(), {
            code: 'NOT_FOUND',
            message: `no record of ${kind} ${id}`,
            details: {},
          });
          tally.notFound += 1;
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`[security] records: ${RUNS} runs (seed ${SEED}) ${JSON.stringify(tally)}`);
    expect(tally.read).toBeGreaterThan(20);
    expect(tally.notFound).toBeGreaterThan(20);
  }, 120_000);
});
