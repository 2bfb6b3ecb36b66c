import { Migration } from '@mikro-orm/migrations';

/**
 * The inbox's own-pairs branch reads open tasks at (role, unit) that are nobody's personal task.
 * Personal tasks often share that role and unit (a member's acknowledgement at the base that took
 * them in), and at a busy base they were 40,000 of 40,006 rows the index returned: the index now
 * holds only the rows the branch wants. See runner/inbox.ts and bench/RESULTS.md.
 */
export class Migration20261125000000_open_task_index extends Migration {
  override name = 'Migration20261125000000_open_task_index';

  override up(): void {
    this.addSql(
      `create index if not exists tasks_open_role_unit_id_due_index
         on tasks (role, unit_id, due nulls last, instance_id, id) where person_id is null`,
    );
    this.addSql(`drop index if exists tasks_role_unit_id_due_index`);
  }

  override down(): void {
    this.addSql(
      `create index if not exists tasks_role_unit_id_due_index on tasks (role, unit_id, due nulls last, instance_id, id)`,
    );
    this.addSql(`drop index if exists tasks_open_role_unit_id_due_index`);
  }
}
