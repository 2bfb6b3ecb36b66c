import { Migration } from '@mikro-orm/migrations';

/**
 * Links between processes (engine links.ts). A step's `link` effects are written to `links` in the
 * step's own statement; the link delivery applies each one once to `records` (a unit's or person's
 * facts) and to the open instances that listen, then marks it delivered. History keeps the facts the
 * server counted for a step (a unit's submitted nominations), so replay needs no query.
 * Only adds: the previous release runs on it unchanged.
 */
export class Migration20261207000100_links extends Migration {
  override name = 'Migration20261207000100_links';

  override up(): void {
    this.addSql(`create table links (
      id bigserial primary key,
      source_instance_id text not null,
      source_workflow_id text not null,
      source_seq integer not null,
      kind text not null,
      key text not null,
      target_kind text not null,
      target_id text not null,
      data jsonb not null,
      deliver jsonb not null,
      created_at timestamptz not null,
      delivered_at timestamptz null,
      attempts integer not null default 0,
      last_error text null,
      unique (source_instance_id, source_seq, kind, key, target_kind, target_id))`);
    this.addSql(`create index links_undelivered_index on links (id) where delivered_at is null`);
    this.addSql(`create table records (
      subject_kind text not null,
      subject_id text not null,
      kind text not null,
      key text not null,
      data jsonb not null,
      source_instance_id text not null,
      source_workflow_id text not null,
      source_seq integer not null,
      link_id bigint not null,
      recorded_at timestamptz not null,
      primary key (subject_kind, subject_id, kind, key))`);
    this.addSql(`alter table history add column facts jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table history drop column facts`);
    this.addSql(`drop table records`);
    this.addSql(`drop table links`);
  }
}
