import { Migration } from '@mikro-orm/migrations';

/**
 * Each task row carries its unit and every unit above it (`unit_path`), so "tasks under unit X" is one
 * array test instead of a list of X's descendants sent with every inbox query (a province officer's
 * list was ~10,000 (role, unit) pairs, ~460 KB of JSON parsed per request). The paths follow the
 * tree of a given day and directory version: `directory.task_paths` records which ("<version>@<day>"),
 * and runner/task-paths.ts recomputes them when either moves on (imports, re-parenting dates).
 */
export class Migration20261124000000_task_unit_path extends Migration {
  override name = 'Migration20261124000000_task_unit_path';

  override up(): void {
    this.addSql(`alter table tasks add column unit_path text[] not null default '{}'`);
    this.addSql(`alter table directory add column task_paths text null`);
    // Only "or above" tasks are found through their path (the others by exact role and unit).
    this.addSql(`create index tasks_or_above_unit_path_index on tasks using gin (unit_path) where or_above`);
    this.addSql(`drop index if exists tasks_or_above_role_unit_id_index`);
  }

  override down(): void {
    this.addSql(
      `create index if not exists tasks_or_above_role_unit_id_index on tasks (role, unit_id) where or_above`,
    );
    this.addSql(`drop index if exists tasks_or_above_unit_path_index`);
    this.addSql(`alter table directory drop column task_paths`);
    this.addSql(`alter table tasks drop column unit_path`);
  }
}
