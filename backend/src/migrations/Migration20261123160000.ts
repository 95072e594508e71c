import { Migration } from '@mikro-orm/migrations';

/** The appendix cache asks the change tokens now: the indexes its version sums were read through go. */
export class Migration20261123160000 extends Migration {
  override name = 'Migration20261123160000';

  override up(): void | Promise<void> {
    this.addSql(`drop index "case_version_index";`);
    this.addSql(`drop index "report_period_version_idx";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index "case_version_index" on "case" ("version");`);
    this.addSql(`create index "report_period_version_idx" on "report" ("period_id") include ("version");`);
  }
}
