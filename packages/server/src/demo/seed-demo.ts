import type { Database } from '../db/database.ts';
import type { HostedRuntime } from '../runtime-factory.ts';
import { awardCampaignSeed } from './seed-award-campaign.ts';
import { awardNominationSeed } from './seed-award-nomination.ts';
import { branchReviewSeed } from './seed-branch-review.ts';
import { SeedContext, type DemoSeed } from './seed-context.ts';
import { fieldVisitSeed } from './seed-field-visit.ts';
import { seedHolidayNotices } from './seed-holiday-notices.ts';
import { memberTransferSeed } from './seed-member-transfer.ts';
import type { TravelClock } from './travel-clock.ts';

/** In order: the award round before its nominations. */
export const demoSeeds: DemoSeed[] = [
  memberTransferSeed,
  awardCampaignSeed,
  awardNominationSeed,
  branchReviewSeed,
  fieldVisitSeed,
];

export interface SeedReport {
  seeded: string[];
  /** Seeded by an earlier start: left alone. */
  alreadyPresent: string[];
  /** Not registered in this server. */
  skipped: string[];
  /** A seed the engine refused (its instances so far stay): the server starts anyway. */
  failed: { workflowId: string; error: string }[];
  /** Years whose published holiday notice was loaded now (before the instances, which count under it). */
  holidayNotices: number[];
}

const alreadySeeded = async (db: Database, workflowId: string) =>
  (await db.query(`select 1 from idempotency_keys where key like $1 limit 1`, [`demo:${workflowId}:%`]))
    .length > 0;

/**
 * Seeds each registered workflow's demo instances once: a workflow seeded before is left alone, so
 * a restart never seeds twice (and a workflow registered later gets its seed at the next start).
 * The clock stands in the past meanwhile; back on the real clock, the reconciler delivers the
 * deadlines that have passed since and schedules the others.
 */
export async function seedDemo(
  runtime: HostedRuntime,
  clock: TravelClock,
  seeds: DemoSeed[] = demoSeeds,
): Promise<SeedReport> {
  const report: SeedReport = { seeded: [], alreadyPresent: [], skipped: [], failed: [], holidayNotices: [] };
  report.holidayNotices = await seedHolidayNotices(runtime, clock);
  const registered = new Set(runtime.registry.all().map((definition) => definition.id));
  const today = clock.now();
  // Wake-ups computed against a past clock would fire late; the reconciler adds them afterwards.
  const wakeups = runtime.wakeups;
  runtime.wakeups = null;
  try {
    for (const seed of seeds) {
      if (!registered.has(seed.workflowId)) report.skipped.push(seed.workflowId);
      else if (await alreadySeeded(runtime.db, seed.workflowId)) report.alreadyPresent.push(seed.workflowId);
      else {
        try {
          await seed.run(new SeedContext(runtime, clock, seed.workflowId, today));
          report.seeded.push(seed.workflowId);
        } catch (error) {
          report.failed.push({ workflowId: seed.workflowId, error: String(error) });
        }
      }
    }
  } finally {
    clock.backToNow();
    runtime.wakeups = wakeups;
  }
  if (report.seeded.length > 0) await runtime.reconcile();
  return report;
}
