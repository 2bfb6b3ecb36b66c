import { Migration } from '@mikro-orm/migrations';

/**
 * Each instance keeps the people who are party to it: its subject and everyone who ever acted on it
 * (`participant_ids`). Their live stream (GET /events) carries every later change of the instance,
 * whatever unit the case has moved to. Finished instances change no more, so only active ones are
 * filled in from their history.
 */
export class Migration20261203000000_instance_participants extends Migration {
  override name = 'Migration20261203000000_instance_participants';

  override up(): void {
    // Nullable: the previous release inserts whole rows through jsonb_populate_recordset, which
    // writes NULL into a column it does not know (a NOT NULL here refused every start it made).
    // Housekeeping fills those in from the history (runner/housekeeping.ts).
    this.addSql(`alter table instances add column participant_ids text[] null default '{}'`);
    this.addSql(`update instances i set participant_ids = array(
        select distinct person from (
          select h.actor_person_id as person from history h where h.instance_id = i.id
          union all select i.subject_person_id) people
        where person is not null order by person)
      where i.status = 'active'`);
  }

  override down(): void {
    this.addSql(`alter table instances drop column participant_ids`);
  }
}
