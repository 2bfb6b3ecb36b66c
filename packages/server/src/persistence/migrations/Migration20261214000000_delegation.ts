import { Migration } from '@mikro-orm/migrations';

/**
 * Ủy quyền (branch `delegation`): a holder of a role at a unit hands it to a delegate for dated days
 * (Asia/Ho_Chi_Minh). Rows are never deleted: revoked and expired delegations stay listed. A history
 * entry taken by a delegate names the holder in `on_behalf_of` (hashed with the entry). Expand-only.
 */
export class Migration20261214000000_delegation extends Migration {
  override name = 'Migration20261214000000_delegation';

  override up(): void {
    this.addSql(`create table delegations (
      id text primary key,
      holder_id text not null,
      delegate_id text not null,
      role text not null,
      unit_id text not null,
      from_date date not null,
      until_date date not null,
      reason text,
      created_at timestamptz not null,
      created_by text not null,
      revoked_at timestamptz,
      revoked_by text,
      check (from_date <= until_date))`);
    this.addSql(
      `create index delegations_delegate on delegations (delegate_id, until_date) where revoked_at is null`,
    );
    this.addSql(`create index delegations_unit on delegations (unit_id, created_at)`);
    this.addSql(`create index delegations_holder on delegations (holder_id, role, unit_id)`);
    this.addSql(`alter table history add column on_behalf_of text`);
  }

  override down(): void {
    this.addSql(`alter table history drop column on_behalf_of`);
    this.addSql(`drop table delegations`);
  }
}
