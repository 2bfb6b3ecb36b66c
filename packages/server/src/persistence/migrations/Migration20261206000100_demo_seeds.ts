import { Migration } from '@mikro-orm/migrations';

/**
 * The demo's permanent "seeded" marker, one row per workflow, written only once its set of demo
 * instances is complete. (The earlier marker was an Idempotency-Key stamped with the seed's past
 * instant, which housekeeping prunes: a plain restart seeded a second set.)
 */
export class Migration20261206000100_demo_seeds extends Migration {
  override name = 'Migration20261206000100_demo_seeds';

  override up(): void {
    this.addSql(`create table demo_seeds (
      workflow_id text primary key,
      seeded_at timestamptz not null,
      instances integer not null)`);
  }

  override down(): void {
    this.addSql(`drop table demo_seeds`);
  }
}
