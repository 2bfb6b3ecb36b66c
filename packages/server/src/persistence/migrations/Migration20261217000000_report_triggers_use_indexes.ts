import { Migration } from '@mikro-orm/migrations';
import { vietnamDay } from './Migration20261215000000_report_rollups.ts';

// The moves of `rows` (history rows added or removed), each with its instance's unit and the time of
// the instance's move before it in `earlier`, counted into the rollup's deltas with `sign`.
// Each lookup is a subquery of its own (OFFSET 0 keeps it one), planned with the move's instance as a
// parameter: its only plan that reads neither a whole table nor a whole index is a lookup by key.
// What is counted, and why, is in the migration that added these triggers (report_rollups).
const moves = (rows: string, sign: string, earlier: string) => `
      insert into report_step_time_deltas (unit_id, day, workflow_id, step, bucket, moves)
      select i.org_unit_id, ${vietnamDay('n.at')}, i.workflow_id, n.from_state,
             report_duration_bucket(extract(epoch from n.at - p.at)), ${sign}count(*)::int
        from ${rows} n
        cross join lateral (select org_unit_id, workflow_id from instances
                             where id = n.instance_id and org_unit_id is not null offset 0) i
        cross join lateral (select e.at from (${earlier}) e
                             where e.seq < n.seq and e.from_state is distinct from e.to_state
                             order by e.seq desc limit 1) p
       where n.from_state is not null and n.from_state <> n.to_state
       group by 1, 2, 3, 4, 5`;

const history = 'select seq, from_state, to_state, at from history h where h.instance_id = n.instance_id';

const functions = {
  report_moves_added: `${moves('added', '', history)};`,
  report_moves_removed: `${moves(
    'removed',
    '-',
    `select seq, from_state, to_state, at from removed r where r.instance_id = n.instance_id
           union all ${history}`,
  )};`,
  report_instances_removed: `
      insert into report_step_time_deltas (unit_id, day, workflow_id, step, bucket, moves)
      select org_unit_id, ${vietnamDay('updated_at')}, workflow_id, '*',
             report_duration_bucket(extract(epoch from updated_at - created_at)), -count(*)::int
        from removed where status <> 'active' and org_unit_id is not null group by 1, 2, 3, 4, 5;
      delete from report_transfers where instance_id = any(array(select id from removed));`,
};

/**
 * The report triggers that read tables (report_rollups) read only a few rows by key, and now never
 * plan anything else. A trigger's statements have no parameters, so a connection plans each once and
 * keeps the plan until the tables' statistics change: planned on a new database's small tables, the
 * moves' join scanned every instance, and went on scanning as they grew (12–28 ms per decision at
 * 48,000 instances on the pooled connection that held it; bench/RESULTS.md, stop 39).
 * With scans and index-only scans off in these functions, a lookup by key is their only plan left
 * (a whole covering index read in order was the next cheapest on small tables). Same rows written.
 */
export class Migration20261217000000_report_triggers_use_indexes extends Migration {
  override name = 'Migration20261217000000_report_triggers_use_indexes';

  override up(): void {
    for (const [name, body] of Object.entries(functions)) {
      this.addSql(`create or replace function ${name}() returns trigger language plpgsql
        set enable_seqscan = off set enable_indexonlyscan = off as $$
      begin${body}
        return null;
      end $$`);
    }
  }

  // The bodies stay: they write what the previous ones wrote, for any release.
  override down(): void {
    for (const name of Object.keys(functions)) this.addSql(`alter function ${name}() reset all`);
  }
}
