import { Migration } from '@mikro-orm/migrations';

/**
 * Instances a release older than `participant_ids` started carry NULL there (it writes whole rows
 * through jsonb_populate_recordset). Databases that took the participants migration while it made
 * the column NOT NULL lose the constraint here; housekeeping finds the NULL rows through an index
 * that holds only them and fills them in from the history.
 */
export class Migration20261204000200_unset_participants extends Migration {
  override name = 'Migration20261204000200_unset_participants';

  override up(): void {
    this.addSql(`alter table instances alter column participant_ids drop not null`);
    this.addSql(
      `create index if not exists instances_unset_participants_index on instances (id) where participant_ids is null`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists instances_unset_participants_index`);
  }
}
