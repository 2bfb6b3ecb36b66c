import { Migration } from '@mikro-orm/migrations';

/**
 * Lets a step update its instance's row in place. PostgreSQL writes an update heap-only (HOT: the
 * new version on the same page, no entry in any index) when no column an index reads has changed
 * and the page has room. Every step changes `snapshot` and `updated_at`, so every step wrote a new
 * entry into each of the table's indexes instead, and the indexes grew with every decision:
 * - the report index held `updated_at` (and `status`, `created_at`) for the period totals, which
 *   read the rollups now: the reports look instances up by unit and workflow alone;
 * - two indexes read `snapshot`: the transfers' destination (reports count transfers from
 *   report_transfers: nothing reads it) and a nomination's round, now a column of its own that a
 *   trigger fills when a nomination is inserted (its round never changes), so the admission
 *   checks that count a round's nominations look it up too, instead of reading every nomination;
 * - the index of rows without participants (an older release inserts them) has
 *   `participant_ids is null` for its predicate, so a step that added a participant changed an
 *   indexed column. A trigger lists such rows in a table of their own for housekeeping instead.
 * A fifth of each page is kept free for the new versions (fillfactor applies to pages filled from
 * now on; a row on a full page moves once, then stays).
 */
export class Migration20261219000000_instance_updates_in_place extends Migration {
  override name = 'Migration20261219000000_instance_updates_in_place';

  override up(): void {
    this.addSql(`alter table instances add column if not exists campaign_id text`);
    this.addSql(`create or replace function instance_campaign() returns trigger language plpgsql as $$
      begin
        new.campaign_id := new.snapshot #>> '{machine,context,campaignId}';
        return new;
      end $$`);
    this.addSql(`create trigger instances_campaign before insert on instances for each row
      when (new.workflow_id = 'award-nomination') execute function instance_campaign()`);
    this.addSql(`update instances set campaign_id = snapshot #>> '{machine,context,campaignId}'
      where workflow_id = 'award-nomination' and campaign_id is null`);
    this.addSql(`create index if not exists instances_campaign_index on instances (campaign_id)
      where campaign_id is not null`);
    this.addSql(`drop index if exists instances_nomination_campaign_index`);
    this.addSql(`drop index if exists instances_transfer_destination_index`);

    this.addSql(
      `create index if not exists instances_unit_workflow_index on instances (org_unit_id, workflow_id)`,
    );
    this.addSql(`drop index if exists instances_org_unit_workflow_index`);

    this.addSql(`create table if not exists unset_participants (instance_id text primary key)`);
    this.addSql(`create or replace function note_unset_participants() returns trigger language plpgsql as $$
      begin
        insert into unset_participants (instance_id) values (new.id) on conflict do nothing;
        return null;
      end $$`);
    this.addSql(`create trigger instances_unset_participants
      after insert or update of participant_ids on instances for each row
      when (new.participant_ids is null) execute function note_unset_participants()`);
    this.addSql(`insert into unset_participants (instance_id)
      select id from instances where participant_ids is null on conflict do nothing`);
    this.addSql(`drop index if exists instances_unset_participants_index`);

    this.addSql(`alter table instances set (fillfactor = 80)`);
  }

  override down(): void {
    this.addSql(`alter table instances reset (fillfactor)`);
    this.addSql(
      `create index if not exists instances_unset_participants_index on instances (id) where participant_ids is null`,
    );
    this.addSql(`drop trigger if exists instances_unset_participants on instances`);
    this.addSql(`drop function if exists note_unset_participants()`);
    this.addSql(`drop table if exists unset_participants`);
    this.addSql(
      `create index if not exists instances_org_unit_workflow_index
         on instances (org_unit_id, workflow_id, updated_at) include (status, created_at, id)`,
    );
    this.addSql(`drop index if exists instances_unit_workflow_index`);
    this.addSql(
      `create index if not exists instances_transfer_destination_index
         on instances ((snapshot #>> '{machine,context,destinationBaseId}'), created_at)
         where workflow_id = 'member-transfer'`,
    );
    this.addSql(
      `create index if not exists instances_nomination_campaign_index
         on instances ((snapshot #>> '{machine,context,campaignId}'))
         where workflow_id = 'award-nomination'`,
    );
    this.addSql(`drop trigger if exists instances_campaign on instances`);
    this.addSql(`drop function if exists instance_campaign()`);
    this.addSql(`alter table instances drop column if exists campaign_id`);
  }
}
