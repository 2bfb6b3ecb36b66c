import { Migration } from '@mikro-orm/migrations';

/**
 * The printed signature of an act that signs a document ("TM. BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", the
 * name): recorded as it was on the day, since offices change. Nullable: most acts sign nothing.
 */
export class Migration20261207000000_history_signature extends Migration {
  override name = 'Migration20261207000000_history_signature';

  override up(): void {
    this.addSql(`alter table history add column signature jsonb`);
  }

  override down(): void {
    this.addSql(`alter table history drop column signature`);
  }
}
