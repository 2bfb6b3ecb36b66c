import { Migration } from '@mikro-orm/migrations';

/**
 * Task rows written by a release that does not fill `unit_path` (older than the column, or one that
 * got it wrong) keep the column's default `{}`; the inbox's unit filter would never find them.
 * runner/task-paths.ts looks for such rows before every inbox query: this index holds only them,
 * so the look costs nothing while there are none.
 */
export class Migration20261204000100_unset_unit_path_index extends Migration {
  override name = 'Migration20261204000100_unset_unit_path_index';

  override up(): void {
    this.addSql(
      `create index if not exists tasks_unset_unit_path_index on tasks (unit_id)
         where unit_id is not null and unit_path = '{}'`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists tasks_unset_unit_path_index`);
  }
}
