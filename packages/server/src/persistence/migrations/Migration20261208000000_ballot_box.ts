import { Migration } from '@mikro-orm/migrations';

/**
 * The ballot box of a secret council vote (award-nomination v2 with the round's `secretBallot`):
 * one counter per nomination and choice. No voter, no time, no row per ballot, so neither a column
 * nor the order of rows can tie a choice to the voter the history names. Expand-only.
 */
export class Migration20261208000000_ballot_box extends Migration {
  override name = 'Migration20261208000000_ballot_box';

  override up(): void {
    this.addSql(`create table ballot_box (
      instance_id text not null,
      choice text not null,
      votes integer not null,
      primary key (instance_id, choice))`);
  }

  override down(): void {
    this.addSql(`drop table ballot_box`);
  }
}
