import { Migration20261101000000_initial } from './Migration20261101000000_initial.ts';
import { Migration20261122000000_inbox_indexes } from './Migration20261122000000_inbox_indexes.ts';
import { Migration20261120000000_webhook_topics_outbox_lease } from './Migration20261120000000_webhook_topics_outbox_lease.ts';
import { Migration20261124000000_task_unit_path } from './Migration20261124000000_task_unit_path.ts';
import { Migration20261125000000_open_task_index } from './Migration20261125000000_open_task_index.ts';
import { Migration20261125000100_tasks_autovacuum } from './Migration20261125000100_tasks_autovacuum.ts';
import { Migration20261201000000_calendar_notices } from './Migration20261201000000_calendar_notices.ts';
import { Migration20261203000000_instance_participants } from './Migration20261203000000_instance_participants.ts';
import { Migration20261204000000_schema_version } from './Migration20261204000000_schema_version.ts';
import { Migration20261204000100_unset_unit_path_index } from './Migration20261204000100_unset_unit_path_index.ts';
import { Migration20261204000200_unset_participants } from './Migration20261204000200_unset_participants.ts';
import { Migration20261205000000_attachments } from './Migration20261205000000_attachments.ts';
import { Migration20261206000000_webhook_deliveries } from './Migration20261206000000_webhook_deliveries.ts';
import { Migration20261206000100_demo_seeds } from './Migration20261206000100_demo_seeds.ts';
import { Migration20261206000200_readiness_probe } from './Migration20261206000200_readiness_probe.ts';
import { Migration20261207000000_history_signature } from './Migration20261207000000_history_signature.ts';
import { Migration20261207000100_links } from './Migration20261207000100_links.ts';
import { Migration20261207000200_issued_documents } from './Migration20261207000200_issued_documents.ts';
import { Migration20261207000300_notifications } from './Migration20261207000300_notifications.ts';
import { Migration20261208000000_ballot_box } from './Migration20261208000000_ballot_box.ts';
import { Migration20261212000000_dashboard_reports } from './Migration20261212000000_dashboard_reports.ts';
import { Migration20261214000000_delegation } from './Migration20261214000000_delegation.ts';
import { Migration20261215000000_report_rollups } from './Migration20261215000000_report_rollups.ts';
import { Migration20261216000000_drop_search_trigram_index } from './Migration20261216000000_drop_search_trigram_index.ts';
import { Migration20261217000000_report_triggers_use_indexes } from './Migration20261217000000_report_triggers_use_indexes.ts';
import { Migration20261218000000_drop_history_report_index } from './Migration20261218000000_drop_history_report_index.ts';
import { Migration20261219000000_instance_updates_in_place } from './Migration20261219000000_instance_updates_in_place.ts';

/**
 * Every migration in order, with the schema version it belongs to. Schema 1 is release 0.1.0.
 *
 * Expand, then contract (docs/operations.md, "Running two versions"): during a deploy the previous
 * release runs on the new schema, so a migration of a schema newer than `COMPATIBLE_FROM` may only
 * add (tables, nullable or defaulted columns, indexes, data). Dropping, renaming, retyping or
 * tightening waits for a later schema, once no release that uses the old shape may run; that schema
 * raises `COMPATIBLE_FROM`. test/runtime/migration-rule.test.ts checks the rule.
 */
const migrations = [
  { schema: 1, name: 'Migration20261101000000_initial', class: Migration20261101000000_initial },
  {
    schema: 1,
    name: 'Migration20261120000000_webhook_topics_outbox_lease',
    class: Migration20261120000000_webhook_topics_outbox_lease,
  },
  { schema: 1, name: 'Migration20261122000000_inbox_indexes', class: Migration20261122000000_inbox_indexes },
  {
    schema: 1,
    name: 'Migration20261124000000_task_unit_path',
    class: Migration20261124000000_task_unit_path,
  },
  {
    schema: 1,
    name: 'Migration20261125000000_open_task_index',
    class: Migration20261125000000_open_task_index,
  },
  {
    schema: 1,
    name: 'Migration20261125000100_tasks_autovacuum',
    class: Migration20261125000100_tasks_autovacuum,
  },
  {
    schema: 2,
    name: 'Migration20261201000000_calendar_notices',
    class: Migration20261201000000_calendar_notices,
  },
  {
    schema: 2,
    name: 'Migration20261203000000_instance_participants',
    class: Migration20261203000000_instance_participants,
  },
  {
    schema: 2,
    name: 'Migration20261204000000_schema_version',
    class: Migration20261204000000_schema_version,
  },
  {
    schema: 2,
    name: 'Migration20261204000100_unset_unit_path_index',
    class: Migration20261204000100_unset_unit_path_index,
  },
  {
    schema: 2,
    name: 'Migration20261204000200_unset_participants',
    class: Migration20261204000200_unset_participants,
  },
  { schema: 2, name: 'Migration20261205000000_attachments', class: Migration20261205000000_attachments },
  {
    schema: 2,
    name: 'Migration20261206000000_webhook_deliveries',
    class: Migration20261206000000_webhook_deliveries,
  },
  { schema: 2, name: 'Migration20261206000100_demo_seeds', class: Migration20261206000100_demo_seeds },
  {
    schema: 2,
    name: 'Migration20261206000200_readiness_probe',
    class: Migration20261206000200_readiness_probe,
  },
  {
    schema: 2,
    name: 'Migration20261207000000_history_signature',
    class: Migration20261207000000_history_signature,
  },
  { schema: 2, name: 'Migration20261207000100_links', class: Migration20261207000100_links },
  {
    schema: 2,
    name: 'Migration20261207000200_issued_documents',
    class: Migration20261207000200_issued_documents,
  },
  {
    schema: 2,
    name: 'Migration20261207000300_notifications',
    class: Migration20261207000300_notifications,
  },
  { schema: 2, name: 'Migration20261208000000_ballot_box', class: Migration20261208000000_ballot_box },
  {
    schema: 2,
    name: 'Migration20261212000000_dashboard_reports',
    class: Migration20261212000000_dashboard_reports,
  },
  { schema: 2, name: 'Migration20261214000000_delegation', class: Migration20261214000000_delegation },
  {
    schema: 2,
    name: 'Migration20261215000000_report_rollups',
    class: Migration20261215000000_report_rollups,
  },
  {
    schema: 2,
    name: 'Migration20261216000000_drop_search_trigram_index',
    class: Migration20261216000000_drop_search_trigram_index,
  },
  {
    schema: 2,
    name: 'Migration20261217000000_report_triggers_use_indexes',
    class: Migration20261217000000_report_triggers_use_indexes,
  },
  {
    schema: 2,
    name: 'Migration20261218000000_drop_history_report_index',
    class: Migration20261218000000_drop_history_report_index,
  },
  {
    schema: 2,
    name: 'Migration20261219000000_instance_updates_in_place',
    class: Migration20261219000000_instance_updates_in_place,
  },
];

/** The oldest schema whose servers may run on this one (raised only by a contract migration). */
const COMPATIBLE_FROM = 1;

/** The schema this release writes, and which older servers it lets run on it. */
export const SCHEMA = {
  version: Math.max(...migrations.map((migration) => migration.schema)),
  compatibleFrom: COMPATIBLE_FROM,
};

/** For the expand-then-contract check. */
export const migrationsBySchema = migrations.map(({ schema, name, class: type }) => ({ schema, name, type }));

/** Listed explicitly: no file globbing, so the same list works under tsx, Vitest and a bundle. */
export const migrationsList = migrations.map(({ name, class: type }) => ({ name, class: type }));
