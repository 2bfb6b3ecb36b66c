import { Migration } from '@mikro-orm/migrations';

/** A day in Vietnam time (UTC+7, no daylight saving) without relying on the server's time zone data. */
export const vietnamDay = (at: string) => `((${at} at time zone 'UTC') + interval '7 hours')::date`;

/**
 * Rollups for unit reports at province scale (issue 14): a province's lead times read from 1M
 * instances' history took ≈ 10 s. Written by triggers, so every writer — this release, an older one
 * beside it, a bulk import — keeps them true without code of its own. Expand-only.
 *
 * - `report_step_times`: moves per (unit, day, workflow, step, duration bucket); step '*' is a
 *   whole instance that finished. Buckets are a DDSketch's (runner/lead-time-sketch.ts): every
 *   duration within 2% of its bucket's value, so p50/p90 come from a few thousand rows, not millions.
 *   Writers append to `report_step_time_deltas` (no shared row is locked by a decision; a hot cell
 *   would serialise every decision at a busy base) and housekeeping folds them in; a report reads both.
 * - `report_transfers`: one narrow row per member transfer (who sends, who receives, started on,
 *   finished), so transfers in and out are counted without reading the instances' snapshots.
 * An instance without a unit is in no unit's report: nothing of it is rolled up.
 */
export class Migration20261215000000_report_rollups extends Migration {
  override name = 'Migration20261215000000_report_rollups';

  override up(): void {
    this.addSql(`create or replace function report_duration_bucket(seconds double precision) returns smallint
      language sql immutable parallel safe as $$
        select case when seconds is null or seconds < 1 then 0
                    else (ceil(ln(seconds) / ln(1.02 / 0.98)) + 1)::smallint end $$`);

    const cells = `unit_id text not null, day date not null, workflow_id text not null, step text not null,
      bucket smallint not null, moves integer not null`;
    this.addSql(`create table report_step_times (${cells},
      primary key (unit_id, day, workflow_id, step, bucket))`);
    this.addSql(`create table report_step_time_deltas (id bigserial primary key, ${cells})`);

    this.addSql(`create table report_transfers (
      instance_id text primary key,
      source_unit_id text,
      source_base_id text,
      destination_base_id text,
      day date not null,
      completed boolean not null)`);
    this.addSql(`create index report_transfers_day on report_transfers (day)`);
    this.addSql(`create index report_transfers_source on report_transfers (source_unit_id, day)`);
    this.addSql(`create index report_transfers_source_base on report_transfers (source_base_id, day)`);
    this.addSql(`create index report_transfers_destination on report_transfers (destination_base_id, day)`);

    // A move's time in the state it leaves: since the instance's previous move (a row whose state
    // changed), as the report's lead times always measured it. Added or, for a deleted case, taken back.
    const moves = (rows: string, sign: string, earlier: string) => `
      insert into report_step_time_deltas (unit_id, day, workflow_id, step, bucket, moves)
      select i.org_unit_id, ${vietnamDay('n.at')}, i.workflow_id, n.from_state,
             report_duration_bucket(extract(epoch from n.at - p.at)), ${sign}count(*)::int
        from ${rows} n
        join instances i on i.id = n.instance_id and i.org_unit_id is not null
        join lateral (select e.at from (${earlier}) e
                       where e.seq < n.seq and e.from_state is distinct from e.to_state
                       order by e.seq desc limit 1) p on true
       where n.from_state is not null and n.from_state <> n.to_state
       group by 1, 2, 3, 4, 5`;
    this.addSql(`create function report_moves_added() returns trigger language plpgsql as $$
      begin
        ${moves('added', '', 'select seq, from_state, to_state, at from history h where h.instance_id = n.instance_id')};
        return null;
      end $$`);
    this.addSql(`create function report_moves_removed() returns trigger language plpgsql as $$
      begin
        ${moves(
          'removed',
          '-',
          `select seq, from_state, to_state, at from removed r where r.instance_id = n.instance_id
           union all select seq, from_state, to_state, at from history h where h.instance_id = n.instance_id`,
        )};
        return null;
      end $$`);
    this.addSql(`create trigger history_report_moves_added after insert on history
      referencing new table as added for each statement execute function report_moves_added()`);
    this.addSql(`create trigger history_report_moves_removed after delete on history
      referencing old table as removed for each statement execute function report_moves_removed()`);

    // A whole instance, counted once when it finishes (step '*'), on the day it finished.
    const finished = (rows: string, sign: string) => `
      insert into report_step_time_deltas (unit_id, day, workflow_id, step, bucket, moves)
      select org_unit_id, ${vietnamDay('updated_at')}, workflow_id, '*',
             report_duration_bucket(extract(epoch from updated_at - created_at)), ${sign}count(*)::int
        from ${rows} where status <> 'active' and org_unit_id is not null group by 1, 2, 3, 4, 5`;
    const transfer = (row: string) => `
      select ${row}.id, ${row}.snapshot #>> '{machine,context,sourceBranchId}',
             ${row}.snapshot #>> '{machine,context,sourceBaseId}',
             ${row}.snapshot #>> '{machine,context,destinationBaseId}',
             ${vietnamDay(`${row}.created_at`)}, ${row}.state in ('completed', 'participating')`;
    this.addSql(`create function report_instances_added() returns trigger language plpgsql as $$
      begin
        ${finished('added', '')};
        insert into report_transfers ${transfer('added')} from added where added.workflow_id = 'member-transfer'
          on conflict (instance_id) do nothing;
        return null;
      end $$`);
    this.addSql(`create trigger instances_report_added after insert on instances
      referencing new table as added for each statement execute function report_instances_added()`);
    // Updates are row triggers with a WHEN: a decision's statement pays nothing unless the row finishes
    // or a transfer changes state (a statement trigger would copy every updated snapshot).
    this.addSql(`create function report_instance_finished() returns trigger language plpgsql as $$
      begin
        ${finished('(select new.*) finishing', '')};
        return null;
      end $$`);
    this.addSql(`create trigger instances_report_finished after update on instances for each row
      when (old.status = 'active' and new.status <> 'active' and new.org_unit_id is not null)
      execute function report_instance_finished()`);
    this.addSql(`create function report_transfer_changed() returns trigger language plpgsql as $$
      begin
        insert into report_transfers ${transfer('new')}
          on conflict (instance_id) do update set source_unit_id = excluded.source_unit_id,
            source_base_id = excluded.source_base_id, destination_base_id = excluded.destination_base_id,
            completed = excluded.completed;
        return null;
      end $$`);
    this.addSql(`create trigger instances_report_transfer after update on instances for each row
      when (new.workflow_id = 'member-transfer' and old.state is distinct from new.state)
      execute function report_transfer_changed()`);
    this.addSql(`create function report_instances_removed() returns trigger language plpgsql as $$
      begin
        ${finished('removed', '-')};
        delete from report_transfers t using removed where t.instance_id = removed.id;
        return null;
      end $$`);
    this.addSql(`create trigger instances_report_removed after delete on instances
      referencing old table as removed for each statement execute function report_instances_removed()`);

    // What the database already holds, once: history's moves, finished instances, transfers.
    this.addSql(`insert into report_step_times (unit_id, day, workflow_id, step, bucket, moves)
      select org_unit_id, day, workflow_id, step, bucket, count(*)::int from (
        select i.org_unit_id, ${vietnamDay('m.at')} as day, i.workflow_id, m.from_state as step,
               report_duration_bucket(extract(epoch from m.at - m.entered)) as bucket
          from (select instance_id, from_state, at,
                       lag(at) over (partition by instance_id order by seq) as entered
                  from history where from_state is distinct from to_state) m
          join instances i on i.id = m.instance_id
         where m.entered is not null and m.from_state is not null and i.org_unit_id is not null
        union all
        select org_unit_id, ${vietnamDay('updated_at')}, workflow_id, '*',
               report_duration_bucket(extract(epoch from updated_at - created_at))
          from instances where status <> 'active' and org_unit_id is not null) moves
      group by 1, 2, 3, 4, 5`);
    this.addSql(
      `insert into report_transfers ${transfer('i')} from instances i where i.workflow_id = 'member-transfer'`,
    );
  }

  override down(): void {
    for (const [trigger, table] of [
      ['history_report_moves_added', 'history'],
      ['history_report_moves_removed', 'history'],
      ['instances_report_added', 'instances'],
      ['instances_report_finished', 'instances'],
      ['instances_report_transfer', 'instances'],
      ['instances_report_removed', 'instances'],
    ]) {
      this.addSql(`drop trigger if exists ${trigger} on ${table}`);
    }
    for (const fn of [
      'report_moves_added',
      'report_moves_removed',
      'report_instances_added',
      'report_instance_finished',
      'report_transfer_changed',
      'report_instances_removed',
    ]) {
      this.addSql(`drop function if exists ${fn}()`);
    }
    this.addSql('drop table if exists report_transfers, report_step_time_deltas, report_step_times');
    this.addSql('drop function if exists report_duration_bucket(double precision)');
  }
}
