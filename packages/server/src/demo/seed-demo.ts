import { Dossiers } from '../attachments/dossiers.ts';
import type { Database } from '../db/database.ts';
import type { HostedRuntime } from '../runtime-factory.ts';
import { awardCampaignSeed } from './seed-award-campaign.ts';
import { awardNominationSeed } from './seed-award-nomination.ts';
import { branchReviewSeed } from './seed-branch-review.ts';
import { ownedStep, SeedContext, type DemoSeed } from './seed-context.ts';
import { fieldVisitSeed } from './seed-field-visit.ts';
import { seedHolidayNotices } from './seed-holiday-notices.ts';
import { memberTransferSeed } from './seed-member-transfer.ts';
import { TravelClock } from './travel-clock.ts';
import { yearEndReviewSeed } from './seed-year-end-review.ts';

/** In order: branch reviews (their results feed award eligibility), the award round, its nominations. */
export const demoSeeds: DemoSeed[] = [
  memberTransferSeed,
  branchReviewSeed,
  awardCampaignSeed,
  awardNominationSeed,
  fieldVisitSeed,
  // Last: it reads the records the others' links delivered.
  yearEndReviewSeed,
];

export interface SeedReport {
  seeded: string[];
  /** Seeded by an earlier start: left alone. */
  alreadyPresent: string[];
  /** Not registered in this server. */
  skipped: string[];
  /** A seed the engine refused: its instances so far were removed again; the server starts anyway. */
  failed: { workflowId: string; error: string }[];
  /** Instances of a set an earlier start left incomplete (stopped mid-seed), removed before seeding anew. */
  repaired: { workflowId: string; removed: number }[];
  /** Years whose published holiday notice was loaded now (before the instances, which count under it). */
  holidayNotices: number[];
}

export interface SeedOptions {
  seeds?: DemoSeed[];
  /** The real time (injectable so tests can seed as if on any date). */
  realNow?: () => Date;
}

const marked = async (db: Database, workflowId: string) =>
  (await db.query('select 1 from demo_seeds where workflow_id = $1', [workflowId])).length > 0;

const hasInstances = async (db: Database, workflowId: string) =>
  (await db.query('select 1 from instances where workflow_id = $1 limit 1', [workflowId])).length > 0;

/**
 * Removes what a seed of `workflowId` wrote: the instances its commands' Idempotency-Keys name
 * (each command wrote its instance and its key in one statement) — of its workflow, or of another
 * that it started for its set (SeedContext.startOf: the decided round of its nominations), never an
 * instance of another seed it only sent to — with their rows, and the keys.
 */
async function removeSeeded(db: Database, workflowId: string): Promise<number> {
  return db.transaction(async (query) => {
    const pattern = `demo:${workflowId}:%`;
    const rows = await query<{ id: string }>(
      `select distinct i.id from idempotency_keys k join instances i on i.id = k.response->>'id'
       where k.key like $1 and (i.workflow_id = $2 or k.key like $3)`,
      [pattern, workflowId, `demo:${workflowId}:${ownedStep}%`],
    );
    const ids = rows.map((row) => row.id);
    for (const table of ['history', 'tasks', 'timers']) {
      await query(`delete from ${table} where instance_id = any($1::text[])`, [ids]);
    }
    await query('delete from instances where id = any($1::text[])', [ids]);
    await query('delete from idempotency_keys where key like $1', [pattern]);
    return ids.length;
  });
}

const seededKeys = async (db: Database, workflowId: string) =>
  (await db.query('select 1 from idempotency_keys where key like $1 limit 1', [`demo:${workflowId}:%`]))
    .length > 0;

/**
 * Seeds each registered workflow's demo instances exactly once, whatever stopped an earlier start:
 * a permanent marker (demo_seeds) is written only when a workflow's set is complete; a set found
 * without its marker (a start killed mid-seed) is removed first and seeded anew; a workflow with
 * instances but neither marker nor seed keys was seeded by an older release (or holds real work)
 * and is only marked. The seed writes through a runtime of its own whose clock stands in the
 * past; the served runtime never leaves the real clock, so requests, timer deliveries and wake-up
 * rebuilds running meanwhile see today. Afterwards the served runtime delivers the deadlines that
 * passed since and schedules the others.
 */
export async function seedDemo(runtime: HostedRuntime, options: SeedOptions = {}): Promise<SeedReport> {
  const report: SeedReport = {
    seeded: [],
    alreadyPresent: [],
    skipped: [],
    failed: [],
    repaired: [],
    holidayNotices: [],
  };
  const registered = new Set(runtime.registry.all().map((definition) => definition.id));
  const clock = new TravelClock(options.realNow);
  const today = clock.now();
  const past = await runtime.atClock(clock);
  // The seed's files are uploaded on its clock too.
  const dossiers = new Dossiers({ runtime: past, store: runtime.attachments });
  const { db } = runtime;
  report.holidayNotices = await seedHolidayNotices(past, clock);
  // The served runtime counts its own timers under the notices just loaded.
  if (report.holidayNotices.length > 0) await runtime.calendars.load(db.query);
  for (const seed of options.seeds ?? demoSeeds) {
    const workflowId = seed.workflowId;
    if (!registered.has(workflowId)) {
      report.skipped.push(workflowId);
      continue;
    }
    if (await marked(db, workflowId)) {
      report.alreadyPresent.push(workflowId);
      continue;
    }
    if (await seededKeys(db, workflowId)) {
      report.repaired.push({ workflowId, removed: await removeSeeded(db, workflowId) });
    } else if (await hasInstances(db, workflowId)) {
      await mark(db, workflowId, clock.realNow());
      report.alreadyPresent.push(workflowId);
      continue;
    }
    try {
      await seed.run(new SeedContext({ runtime: past, dossiers }, clock, workflowId, today));
      await mark(db, workflowId, clock.realNow());
      report.seeded.push(workflowId);
    } catch (error) {
      report.failed.push({ workflowId, error: String(error) });
      await removeSeeded(db, workflowId);
    } finally {
      clock.backToNow();
    }
  }
  if (report.seeded.length > 0 || report.repaired.length > 0) await runtime.reconcile();
  return report;
}

async function mark(db: Database, workflowId: string, at: Date): Promise<void> {
  await db.query(
    `insert into demo_seeds (workflow_id, seeded_at, instances)
     select $1, $2, count(*) from instances where workflow_id = $1
     on conflict (workflow_id) do nothing`,
    [workflowId, at.toISOString()],
  );
}
