import { person, unionWorkflows, WorkflowRegistry, type Clock } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { Dossiers } from '../../src/attachments/dossiers.ts';
import { awardCampaignSeed } from '../../src/demo/seed-award-campaign.ts';
import { awardNominationSeed } from '../../src/demo/seed-award-nomination.ts';
import { SeedContext, type DemoSeed } from '../../src/demo/seed-context.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { memberTransferSeed } from '../../src/demo/seed-member-transfer.ts';
import { TravelClock } from '../../src/demo/travel-clock.ts';
import { Housekeeping } from '../../src/runner/housekeeping.ts';
import { isoOf } from '../../src/runner/rows.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { auditInstance, dropSchema, openRuntime, REDIS_URL, transferInput, uniqueName } from './support.ts';

const realClock: Clock = { now: () => new Date() };
const schemas: string[] = [];
const runtimes: HostedRuntime[] = [];

async function fresh(options: Partial<Parameters<typeof openRuntime>[0]> = {}): Promise<HostedRuntime> {
  const schema = uniqueName('rt_demo');
  schemas.push(schema);
  const runtime = await openRuntime({ schema, clock: realClock, ...options });
  runtimes.push(runtime);
  return runtime;
}

afterAll(async () => {
  for (const runtime of runtimes) {
    await runtime.timers?.queue.obliterate({ force: true });
    await runtime.close();
  }
  for (const schema of schemas) await dropSchema(schema);
});

const count = async (runtime: HostedRuntime, sql: string, params: unknown[] = []) =>
  Number((await runtime.db.query<{ n: string }>(sql, params))[0]!.n);
const instancesOf = (runtime: HostedRuntime, workflowId: string) =>
  count(runtime, 'select count(*) as n from instances where workflow_id = $1', [workflowId]);

/** Instances a workflow's own seed started (not those another seed started for its set). */
const ownSeedInstances = (runtime: HostedRuntime, workflowId: string) =>
  count(
    runtime,
    `select count(distinct i.id) as n from idempotency_keys k join instances i on i.id = k.response->>'id'
     where k.key like $1 and i.workflow_id = $2`,
    [`demo:${workflowId}:%`, workflowId],
  );

/** Instances per workflow of one complete demo set (from the first test). */
const oneSet = new Map<string, number>();

describe('demo data', () => {
  let runtime: HostedRuntime;
  // A server without field-visit: its seed is skipped, the others run.
  const registry = new WorkflowRegistry(
    unionWorkflows.filter((definition) => definition.id !== 'field-visit'),
  );
  beforeAll(async () => {
    runtime = await fresh({ registry });
  });

  it('seeds each registered workflow once, in varied states, and never again once marked', async () => {
    const first = await seedDemo(runtime);
    expect(first.holidayNotices).toEqual([2026]);
    expect(first.skipped).toEqual(['field-visit']);
    expect(first.failed).toEqual([]);
    expect(first.repaired).toEqual([]);
    expect([...first.seeded].sort()).toEqual(
      registry
        .latest()
        .map((definition) => definition.id)
        .sort(),
    );
    for (const id of first.seeded) oneSet.set(id, await ownSeedInstances(runtime, id));

    const states = await runtime.db.query<{ state: string }>('select distinct state from instances');
    expect(new Set(states.map((row) => row.state)).size).toBeGreaterThanOrEqual(5);
    // Deadlines that passed while the seed's clock stood in the past have been delivered since.
    expect(
      await count(runtime, `select count(*) as n from timers where status = 'pending' and due <= now()`),
    ).toBe(0);
    expect(await count(runtime, `select count(*) as n from history where type = 'RESPONSE_OVERDUE'`)).toBe(1);
    // The demo carries issued documents: the referrals its transfers were given, numbered in order.
    const issued = await runtime.db.query<{ kind: string; number: string }>(
      'select kind, number from issued_documents order by kind, serial',
    );
    expect(issued.length).toBeGreaterThanOrEqual(1);
    expect(issued.find((document) => document.kind === 'transfer-referral')).toEqual({
      kind: 'transfer-referral',
      number: expect.stringMatching(/^1-GGT\/[A-Z]+$/),
    });
    // Trà Đốc's standing committee rated its branches for last year (branch-review v2): its decisions.
    expect(issued.filter((document) => document.kind === 'branch-review-decision')).toHaveLength(2);
    // Phương's classification, decided at Trà Đốc with her residence's year-end comment on it, read from
    // her record (the transfer's link).
    const [phuong] = await runtime.db.query<{ state: string; context: Record<string, any> }>(
      `select state, snapshot->'machine'->'context' as context from instances
       where workflow_id = 'year-end-review' and snapshot->'machine'->'context'->>'personId' = 'p-phuong'`,
    );
    expect(phuong?.state).toBe('decided');
    expect(phuong?.context['decision'].rating).toBe('outstanding');
    expect(phuong?.context['record'].hostComments).toEqual([
      expect.objectContaining({ recommendTopRating: true, hostBranchId: 'cd-kdc-tayan' }),
    ]);
    // Seeded history is ordinary history: it replays to the stored snapshot, chain intact.
    for (const { id } of await runtime.db.query<{ id: string }>('select id from instances')) {
      const audit = await auditInstance(runtime, id);
      expect(audit.replayed).toEqual(audit.stored);
      expect(audit.brokenAt).toBeNull();
      expect(audit.lastHashMatches).toBe(true);
    }
    expect((await runtime.inbox(person('p-binh'), {})).counts.total).toBeGreaterThanOrEqual(1);
    // Hòa Châu's Bí thư is on leave: her deputy signed a referral "KT." on her behalf, and still holds
    // the role today (two weeks' leave began three days ago).
    const [onBehalf] = await runtime.db.query<{ signature: { heading: string; name: string } }>(
      `select signature from history where type = 'ISSUE_REFERRAL' and actor_person_id = 'p-uyen'
         and on_behalf_of = 'p-nga'`,
    );
    expect(onBehalf?.signature).toMatchObject({ heading: 'KT. BÍ THƯ', name: 'Lê Thị Uyên' });
    expect((await runtime.delegations.list(person('p-nga'), 'hoachau', async () => false))[0]).toMatchObject({
      delegateId: 'p-uyen',
      status: 'active',
      uses: 1,
    });

    // The published 2026 notice is loaded first, dated before the seeded history, which counts under it.
    expect(await runtime.calendarYear(2026)).toMatchObject({
      notice: { version: 1, effectiveFrom: '2025-12-01T02:00:00.000Z' },
    });
    const counted = await runtime.db.query<{ calendar: Record<string, number> }>(
      `select calendar from timers where calendar ? '2026'`,
    );
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.every((row) => row.calendar['2026'] === 1)).toBe(true);

    // A plain restart after housekeeping pruned the seed's Idempotency-Keys (they carry its past
    // instants): the permanent marker still says "seeded".
    const pruned = await new Housekeeping({ db: runtime.db }).pruneOnce();
    expect(pruned.idempotencyKeys).toBeGreaterThan(0);
    const instances = await count(runtime, 'select count(*) as n from instances');
    const history = await count(runtime, 'select count(*) as n from history');
    const second = await seedDemo(runtime);
    expect(second.holidayNotices).toEqual([]);
    expect(await count(runtime, 'select count(*) as n from calendar_notices')).toBe(1);
    expect(second.seeded).toEqual([]);
    expect(second.alreadyPresent).toEqual(first.seeded);
    expect(await count(runtime, 'select count(*) as n from instances')).toBe(instances);
    expect(await count(runtime, 'select count(*) as n from history')).toBe(history);
  });
});

describe('the demo’s official documents', () => {
  it('all four workflows have issued their numbered document; the award decision verifies as current', async () => {
    const runtime = await fresh();
    const report = await seedDemo(runtime);
    expect(report.failed).toEqual([]);
    const issued = await runtime.db.query<{
      kind: string;
      number: string;
      code: string;
      instance_id: string;
    }>('select kind, number, code, instance_id from issued_documents order by kind, serial');
    const kinds = ['award-decision', 'branch-review-decision', 'transfer-referral', 'travel-order'];
    expect([...new Set(issued.map((document) => document.kind))].sort()).toEqual(kinds);
    for (const document of issued) expect(document.number).toMatch(/^\d+-(QĐ|GGT)\//);
    // Last quarter's round (v2), decided once: its one decision, both awardees marked awarded.
    const [award] = issued.filter((document) => document.kind === 'award-decision');
    expect(issued.filter((document) => document.kind === 'award-decision')).toHaveLength(1);
    const [round] = await runtime.db.query<{ workflow_id: string; state: string }>(
      'select workflow_id, state from instances where id = $1',
      [award!.instance_id],
    );
    expect(round).toEqual({ workflow_id: 'award-campaign', state: 'decisionSigned' });
    expect(
      await count(
        runtime,
        `select count(*) as n from instances where workflow_id = 'award-nomination' and state = 'awarded'
           and snapshot->'machine'->'context'->>'campaignId' = $1`,
        [award!.instance_id],
      ),
    ).toBe(2);

    // Still exactly one set: a restart seeds nothing and issues nothing.
    expect((await seedDemo(runtime)).seeded).toEqual([]);
    expect(await count(runtime, 'select count(*) as n from issued_documents')).toBe(issued.length);

    // The seeds fire due timers in their past: no instance's history steps back in time.
    expect(
      await count(
        runtime,
        `select count(*) as n from history h join history p on p.instance_id = h.instance_id
           and p.seq = h.seq - 1 where h.at < p.at`,
      ),
    ).toBe(0);

    const app = buildApp({
      runtime,
      registry: runtime.registry,
      dossiers: runtime.dossiers,
      issuedDocuments: runtime.issuedDocuments,
      auth: { secret: 'demo-seed-secret-that-is-long-enough-0123', tenant: 'danang' },
    });
    try {
      const page = await app.inject({ method: 'GET', url: `/verify/${award!.code}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-status="current"');
      expect(page.body).toContain(award!.number);
    } finally {
      // The app closes the runtime with it.
      await app.close();
      runtimes.splice(runtimes.indexOf(runtime), 1);
    }
  });
});

describe('a demo set left incomplete', () => {
  it('is removed and seeded anew, so exactly one set remains', async () => {
    const runtime = await fresh();
    // A start killed mid-seed: the first commands committed, no marker written.
    const clock = new TravelClock();
    const past = await runtime.atClock(clock);
    let commands = 0;
    const dossiers = new Dossiers({ runtime: past, store: runtime.attachments });
    const killed = new SeedContext({ runtime: past, dossiers }, clock, 'member-transfer', clock.now());
    for (const method of ['start', 'send'] as const) {
      const original = killed[method].bind(killed) as (...args: unknown[]) => Promise<unknown>;
      (killed as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (++commands > 3) throw new Error('SIGKILL');
        return original(...args);
      };
    }
    await expect(memberTransferSeed.run(killed)).rejects.toThrow('SIGKILL');
    const partial = await instancesOf(runtime, 'member-transfer');
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(oneSet.get('member-transfer')!);

    const report = await seedDemo(runtime, { seeds: [memberTransferSeed] });
    expect(report.repaired).toEqual([{ workflowId: 'member-transfer', removed: partial }]);
    expect(report.seeded).toEqual(['member-transfer']);
    expect(await instancesOf(runtime, 'member-transfer')).toBe(oneSet.get('member-transfer'));
    // Nothing of the removed instances is left behind.
    expect(
      await count(
        runtime,
        'select count(*) as n from history h where not exists (select 1 from instances i where i.id = h.instance_id)',
      ),
    ).toBe(0);
    expect((await seedDemo(runtime, { seeds: [memberTransferSeed] })).alreadyPresent).toEqual([
      'member-transfer',
    ]);
  });

  it('takes with it the round the nominations’ seed started for its set, never another seed’s round', async () => {
    const runtime = await fresh();
    await seedDemo(runtime, { seeds: [awardCampaignSeed] });
    const rounds = await instancesOf(runtime, 'award-campaign');
    const clock = new TravelClock();
    const past = await runtime.atClock(clock);
    let commands = 0;
    const dossiers = new Dossiers({ runtime: past, store: runtime.attachments });
    const killed = new SeedContext({ runtime: past, dossiers }, clock, 'award-nomination', clock.now());
    for (const method of ['start', 'startOf', 'send'] as const) {
      const original = killed[method].bind(killed) as (...args: unknown[]) => Promise<unknown>;
      (killed as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (++commands > 4) throw new Error('SIGKILL');
        return original(...args);
      };
    }
    await expect(awardNominationSeed.run(killed)).rejects.toThrow('SIGKILL');
    expect(await instancesOf(runtime, 'award-campaign')).toBe(rounds + 1);

    const report = await seedDemo(runtime, { seeds: [awardCampaignSeed, awardNominationSeed] });
    // The round and the one nomination started before the kill.
    expect(report.repaired).toEqual([{ workflowId: 'award-nomination', removed: 2 }]);
    expect(report.seeded).toEqual(['award-nomination']);
    // One decided round: the interrupted one's round went with its nominations; the others stayed.
    expect(await instancesOf(runtime, 'award-campaign')).toBe(rounds + 1);
    expect(
      await count(
        runtime,
        `select count(*) as n from instances where workflow_id = 'award-campaign' and state = 'decisionSigned'`,
      ),
    ).toBe(1);
  });

  it('is removed again when the engine refuses the seed, and no marker is written', async () => {
    const runtime = await fresh();
    const refused: DemoSeed = {
      workflowId: 'member-transfer',
      async run(seed) {
        await seed.start('one:start', 'p-an', transferInput);
        await seed.send('one:confirm', 'nope', 'p-binh', 'CONFIRM');
      },
    };
    const report = await seedDemo(runtime, { seeds: [refused] });
    expect(report.failed.map((failure) => failure.workflowId)).toEqual(['member-transfer']);
    expect(await instancesOf(runtime, 'member-transfer')).toBe(0);
    expect(await count(runtime, 'select count(*) as n from demo_seeds')).toBe(0);
    expect((await seedDemo(runtime, { seeds: [memberTransferSeed] })).seeded).toEqual(['member-transfer']);
  });
});

describe('the served runtime while the demo seeds', () => {
  it('stays on the real clock: decisions are stamped today and wake-ups rebuilt meanwhile fall due on time', async () => {
    const runtime = await fresh({ redisUrl: REDIS_URL, queuePrefix: uniqueName('dfdemo'), worker: false });
    let decidedAt = '';
    // Between two seeds, with the seed's clock 20 days back: an officer decides, and a wake-up
    // rebuild runs (as after a Redis loss) over the transfers seeded just before.
    const meanwhile: DemoSeed = {
      workflowId: 'award-campaign',
      async run(seed) {
        seed.daysAgo(20);
        decidedAt = (await runtime.start('member-transfer', transferInput, person('p-an'))).createdAt;
        await runtime.reconcile();
        await awardCampaignSeed.run(seed);
      },
    };
    const report = await seedDemo(runtime, { seeds: [memberTransferSeed, meanwhile] });
    expect(report.seeded).toEqual(['member-transfer', 'award-campaign']);
    expect(Math.abs(Date.parse(decidedAt) - Date.now())).toBeLessThan(60_000);

    const pending = await runtime.db.query<{ id: string; due: string | Date }>(
      `select id, due from timers where status = 'pending'`,
    );
    expect(pending.length).toBeGreaterThan(0);
    for (const timer of pending) {
      const job = await runtime.timers!.queue.getJob(timer.id);
      expect({ id: timer.id, found: job !== undefined }).toEqual({ id: timer.id, found: true });
      // The wake-up falls due when the timer does (a past clock would have put it days later).
      expect(Math.abs(job!.timestamp + job!.delay - Date.parse(isoOf(timer.due)!))).toBeLessThan(5_000);
    }
  });
});

describe('demo data on awkward days', () => {
  // New Year's Eve in Vietnam, early January (last year's review), late March (before the youth
  // project's usual date), a Monday after Tết.
  it.each(['2026-12-31T16:30:00Z', '2027-01-03T03:00:00Z', '2027-03-20T03:00:00Z', '2027-02-15T01:00:00Z'])(
    'seeds every workflow without a refusal when today is %s',
    async (today) => {
      const realNow = () => new Date(today);
      const runtime = await fresh({ clock: { now: realNow } });
      const report = await seedDemo(runtime, { realNow });
      expect(report.failed).toEqual([]);
      expect(report.seeded.length).toBe(new Set(unionWorkflows.map((definition) => definition.id)).size);
    },
  );
});
