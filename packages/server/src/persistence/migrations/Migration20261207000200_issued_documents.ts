import { Migration } from '@mikro-orm/migrations';

/**
 * Official documents out: the registers of outgoing documents (sổ đăng ký văn bản đi, one counter
 * per issuing unit, year and document type), the documents issued with their verification codes,
 * and the issued PDFs' digests on each history entry. New tables and a nullable column only.
 */
export class Migration20261207000200_issued_documents extends Migration {
  override name = 'Migration20261207000200_issued_documents';

  override up(): void {
    this.addSql(`create table if not exists document_registers (
      issuing_unit_id text not null,
      year int not null,
      type text not null,
      last_serial int not null,
      primary key (issuing_unit_id, year, type))`);
    this.addSql(`create table if not exists issued_documents (
      id text primary key,
      instance_id text not null,
      seq int not null,
      kind text not null,
      type text not null,
      issuing_unit_id text not null,
      issuing_unit_name text not null,
      year int not null,
      serial int not null,
      number text not null,
      code text not null unique,
      issued_on date not null,
      valid_until date null,
      signer_name text not null,
      signer_title text not null,
      sha256 text not null,
      size int not null,
      revoked_by text null,
      revoked_at timestamptz null,
      created_at timestamptz not null,
      unique (issuing_unit_id, year, type, serial))`);
    this.addSql(
      `create index if not exists issued_documents_instance_id_index on issued_documents (instance_id, seq)`,
    );
    this.addSql(`create index if not exists issued_documents_sha256_index on issued_documents (sha256)`);
    this.addSql(`alter table history add column if not exists issued jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table history drop column if exists issued`);
    this.addSql(`drop table if exists issued_documents`);
    this.addSql(`drop table if exists document_registers`);
  }
}
