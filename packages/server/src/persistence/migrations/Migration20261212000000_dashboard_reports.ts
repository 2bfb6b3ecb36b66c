import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for a unit's report (runner/reports.ts), so it reads only its unit's rows among 1M instances:
 * instances by the unit they are about (and workflow, period), history moves, open tasks under a unit by their path
 * (the existing path index holds only "or above" tasks), transfers by their receiving base and
 * nominations by their round.
 */
export class Migration20261212000000_dashboard_reports extends Migration {
  override name = 'Migration20261212000000_dashboard_reports';

  override up(): void {
    // Covering: the period totals and the lead times' instance list read the index alone (the heap's
    // 2 KB rows of a unit are scattered: ~40 µs a row cold, 0.4 s for a commune at 1M instances).
    this.addSql(
      `create index if not exists instances_org_unit_workflow_index
         on instances (org_unit_id, workflow_id, updated_at) include (status, created_at, id)`,
    );
    // The lead times' moves, read from the index alone for the same reason.
    this.addSql(
      `create index if not exists history_report_index
         on history (instance_id, seq) include (from_state, to_state, at)`,
    );
    this.addSql(`create index if not exists tasks_unit_path_index on tasks using gin (unit_path)`);
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
  }

  override down(): void {
    for (const index of [
      'instances_nomination_campaign_index',
      'instances_transfer_destination_index',
      'tasks_unit_path_index',
      'history_report_index',
      'instances_org_unit_workflow_index',
    ]) {
      this.addSql(`drop index if exists ${index}`);
    }
  }
}
