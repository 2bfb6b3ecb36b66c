import { Migration } from '@mikro-orm/migrations';

/**
 * The trigram index on `tasks.search` served no query: the inbox reaches a caller's task rows through
 * their (role, unit) pairs, unit paths and person, and filters those few by the search words (every
 * plan at 1,000,000 instances, bench/RESULTS.md). It was paid on every decision instead: each task row
 * inserted adds ~100 trigrams (its ~120-character folded text) to the pending list, and an insert that fills the list merges it.
 * The pg_trgm extension stays (dropping it could fail where the role may not); nothing uses it.
 */
export class Migration20261216000000_drop_search_trigram_index extends Migration {
  override name = 'Migration20261216000000_drop_search_trigram_index';

  override up(): void {
    this.addSql(`drop index if exists tasks_search_trgm_index`);
  }

  override down(): void {
    this.addSql(`do $$ begin
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index if not exists tasks_search_trgm_index on tasks using gin (search public.gin_trgm_ops)';
      end if;
    end $$`);
  }
}
