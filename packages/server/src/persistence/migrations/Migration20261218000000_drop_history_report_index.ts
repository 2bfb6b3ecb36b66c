import { Migration } from '@mikro-orm/migrations';

/**
 * `history_report_index` (instance_id, seq) include (from_state, to_state, at) was added for unit
 * reports that read the moves from the index alone. Reports now read the rollups (report_rollups),
 * and the triggers that fill them look moves up with index-only scans off
 * (report_triggers_use_indexes): its key is the primary key's, so that lookup reads either index
 * alike. It was paid on every decision instead: each history row inserted goes into both indexes,
 * whose keys land on random pages at 1M instances (a full-page image each after a checkpoint).
 */
export class Migration20261218000000_drop_history_report_index extends Migration {
  override name = 'Migration20261218000000_drop_history_report_index';

  override up(): void {
    this.addSql(`drop index if exists history_report_index`);
  }

  override down(): void {
    this.addSql(
      `create index if not exists history_report_index
         on history (instance_id, seq) include (from_state, to_state, at)`,
    );
  }
}
