import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for a unit's report (runner/reports.ts), so it reads only its unit's rows among 1M instances:
 * instances by the unit they are about (and workflow, period), open tasks under a unit by their path
 * (the existing path index holds only "or above" tasks), transfers by their receiving base and
 * nominations by their round.
 */
export class Migration20261212000000_dashboard_reports extends Migration {
  override name = 'Migration20261212000000_dashboard_reports';

  override up(): void {
    this.addSql(
      `create index if not exists instances_org_unit_workflow_index
         on instances (org_unit_id, workflow_id, updated_at)`,
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
      'instances_org_unit_workflow_index',
    ]) {
      this.addSql(`drop index if exists ${index}`);
    }
  }
}
