import { Migration } from '@mikro-orm/migrations';

/**
 * One row that GET /ready rewrites: a server is ready only when PostgreSQL takes a write (a
 * read-only server, a demoted primary or a full disk answers reads but refuses this).
 */
export class Migration20261206000200_readiness_probe extends Migration {
  override name = 'Migration20261206000200_readiness_probe';

  override up(): void {
    this.addSql(`create table readiness_probe (id integer primary key, checked_at timestamptz not null)`);
    this.addSql(`insert into readiness_probe (id, checked_at) values (1, now())`);
  }

  override down(): void {
    this.addSql(`drop table readiness_probe`);
  }
}
