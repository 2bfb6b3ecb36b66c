import { Migration } from '@mikro-orm/migrations';

/**
 * Every decision deletes its instance's task rows and inserts new ones, so at a busy base the inbox
 * index fills with dead entries until vacuum runs (43,619 visited for 8 live rows after a few
 * minutes of load: 27 ms per inbox; bitmap scans never mark them dead themselves). Vacuum this
 * table after 2% of it changed instead of PostgreSQL's default 20%. See bench/RESULTS.md.
 */
export class Migration20261125000100_tasks_autovacuum extends Migration {
  override name = 'Migration20261125000100_tasks_autovacuum';

  override up(): void {
    this.addSql(
      `alter table tasks set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 200,
         autovacuum_analyze_scale_factor = 0.05)`,
    );
  }

  override down(): void {
    this.addSql(
      `alter table tasks reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
         autovacuum_analyze_scale_factor)`,
    );
  }
}
