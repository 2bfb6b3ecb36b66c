import { Migration20261101000000_initial } from './Migration20261101000000_initial.ts';
import { Migration20261122000000_inbox_indexes } from './Migration20261122000000_inbox_indexes.ts';
import { Migration20261120000000_webhook_topics_outbox_lease } from './Migration20261120000000_webhook_topics_outbox_lease.ts';
import { Migration20261124000000_task_unit_path } from './Migration20261124000000_task_unit_path.ts';
import { Migration20261125000000_open_task_index } from './Migration20261125000000_open_task_index.ts';
import { Migration20261125000100_tasks_autovacuum } from './Migration20261125000100_tasks_autovacuum.ts';
import { Migration20261201000000_calendar_notices } from './Migration20261201000000_calendar_notices.ts';
import { Migration20261203000000_instance_participants } from './Migration20261203000000_instance_participants.ts';
import { Migration20261205000000_attachments } from './Migration20261205000000_attachments.ts';

/** Listed explicitly: no file globbing, so the same list works under tsx, Vitest and a bundle. */
export const migrationsList = [
  { name: 'Migration20261101000000_initial', class: Migration20261101000000_initial },
  {
    name: 'Migration20261120000000_webhook_topics_outbox_lease',
    class: Migration20261120000000_webhook_topics_outbox_lease,
  },
  { name: 'Migration20261122000000_inbox_indexes', class: Migration20261122000000_inbox_indexes },
  { name: 'Migration20261124000000_task_unit_path', class: Migration20261124000000_task_unit_path },
  { name: 'Migration20261125000000_open_task_index', class: Migration20261125000000_open_task_index },
  { name: 'Migration20261125000100_tasks_autovacuum', class: Migration20261125000100_tasks_autovacuum },
  { name: 'Migration20261201000000_calendar_notices', class: Migration20261201000000_calendar_notices },
  {
    name: 'Migration20261203000000_instance_participants',
    class: Migration20261203000000_instance_participants,
  },
  { name: 'Migration20261205000000_attachments', class: Migration20261205000000_attachments },
];
