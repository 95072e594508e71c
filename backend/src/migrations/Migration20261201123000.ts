import { Migration } from '@mikro-orm/migrations';

/** Each notification records how many reports of each body it lists, for the period's reminder preview. */
export class Migration20261201123000 extends Migration {
  override name = 'Migration20261201123000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "notification" add column "report_counts" jsonb not null default '{}';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notification" drop column "report_counts";`);
  }
}
