import { Migration } from '@mikro-orm/migrations';

/**
 * The schema's version and the oldest schema whose servers may still run on it, in one row. The
 * server that migrates writes it (db/schema-version.ts); every server reads it before it touches
 * anything, so an older release refuses a database it does not understand instead of starting.
 */
export class Migration20261204000000_schema_version extends Migration {
  override name = 'Migration20261204000000_schema_version';

  override up(): void {
    this.addSql(
      `create table if not exists schema_version (
         id smallint primary key default 1 check (id = 1),
         version integer not null,
         compatible_from integer not null,
         written_by text not null,
         updated_at timestamptz not null default now())`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists schema_version`);
  }
}
