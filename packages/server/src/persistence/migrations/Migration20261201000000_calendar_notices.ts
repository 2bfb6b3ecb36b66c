import { Migration } from '@mikro-orm/migrations';

/**
 * The government's holiday notices as data: every version an administrator loaded is kept, the
 * highest of a year is in force from its `effective_from`. A timer counted in working days records
 * the notice version of each year it went through (`timers.calendar`, year → version, 0 for the
 * statutory estimate), so the server finds and recounts the pending ones when a year's notice changes.
 */
export class Migration20261201000000_calendar_notices extends Migration {
  override name = 'Migration20261201000000_calendar_notices';

  override up(): void {
    this.addSql(`create table calendar_notices (
      year int not null,
      version int not null,
      reference text not null,
      issued_on date null,
      note text null,
      holidays jsonb not null,
      effective_from timestamptz not null,
      loaded_by text null,
      stamp bigint generated always as identity,
      primary key (year, version))`);
    this.addSql(`alter table timers add column calendar jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table timers drop column calendar`);
    this.addSql(`drop table if exists calendar_notices`);
  }
}
