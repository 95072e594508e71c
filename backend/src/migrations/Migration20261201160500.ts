import { Migration } from '@mikro-orm/migrations';

/**
 * The case tree (issue 14 item 3): `parent_id`, the case one level up, indexed for the child
 * lists and the subtree walk; cycles are refused by `CaseWriter` under an advisory lock.
 * "Samtliga nämnder och bolag" (item 4): `all_bodies_scope` says what `all_bodies` covers,
 * `boards` (nämnd, styrelse; every case until now) or `boards_and_companies` (also bolag).
 */
export class Migration20261201160500 extends Migration {
  override name = 'Migration20261201160500';

  override up(): void | Promise<void> {
    this.addSql(`alter table "case" add column "all_bodies_scope" text not null default 'boards', add column "parent_id" uuid null;`);
    this.addSql(`alter table "case" add constraint "case_parent_id_foreign" foreign key ("parent_id") references "case" ("id");`);
    this.addSql(`create index "case_parent_id_index" on "case" ("parent_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "case_parent_id_index";`);
    this.addSql(`alter table "case" drop constraint "case_parent_id_foreign";`);
    this.addSql(`alter table "case" drop column "parent_id", drop column "all_bodies_scope";`);
  }
}
