import { Migration } from '@mikro-orm/migrations';

/**
 * The inbox's "or above" branch (tasks any ancestor unit's role holder may take) reads only those
 * rows, through a partial index: they are few, while the caller's list of units below can be
 * thousands (a province officer). See runner/inbox.ts and bench/RESULTS.md.
 */
export class Migration20261122000000_inbox_indexes extends Migration {
  override name = 'Migration20261122000000_inbox_indexes';

  override up(): void {
    this.addSql(
      `create index if not exists tasks_or_above_role_unit_id_index on tasks (role, unit_id) where or_above`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists tasks_or_above_role_unit_id_index`);
  }
}
