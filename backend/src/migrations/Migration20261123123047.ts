import { Migration } from '@mikro-orm/migrations';

/** Search vectors without positions or weights (nothing ranks), kept out of TOAST: scans read no TOAST pages. */
export class Migration20261123123047 extends Migration {
  override name = 'Migration20261123123047';

  override up(): void | Promise<void> {
    this.addSql(`alter table "case" drop column "search";`);
    this.addSql(`alter table "case" add "search" tsvector generated always as (strip(to_tsvector('swedish', coalesce("reference", '') || ' ' || coalesce("title", '') || ' ' || coalesce("text", '')))) stored null;`);
    // Kept in the row (compressed if need be), not in TOAST: a search scan then reads no TOAST pages.
    this.addSql(`alter table "case" alter column "search" set storage main;`);
    this.addSql(`update "case" set reference = reference;`);
    this.addSql(`create index "case_search_idx" on "case" using gin ("search");`);

    // Case lists filtered by kind page through this index and count from it alone.
    this.addSql(`create index "case_kind_reference_sort_index" on "case" ("kind", "reference_sort");`);

    // The appendix cache's fingerprint sums versions through index-only scans.
    this.addSql(`create index "case_version_index" on "case" ("version");`);
    this.addSql(`create index "report_period_version_idx" on "report" ("period_id") include ("version");`);

    this.addSql(`alter table "report" drop column "search";`);
    this.addSql(`alter table "report" add "search" tsvector generated always as (strip(to_tsvector('swedish', coalesce("comment", '')))) stored null;`);
    this.addSql(`create index "report_search_idx" on "report" using gin ("search");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "case_kind_reference_sort_index";`);
    this.addSql(`drop index "case_version_index";`);
    this.addSql(`drop index "report_period_version_idx";`);
    this.addSql(`alter table "case" drop column "search";`);
    this.addSql(`alter table "case" add "search" tsvector generated always as (setweight(to_tsvector('swedish', coalesce("reference", '')), 'A') || setweight(to_tsvector('swedish', coalesce("title", '')), 'A') || setweight(to_tsvector('swedish', coalesce("text", '')), 'B')) stored null;`);
    this.addSql(`create index "case_search_idx" on "case" using gin ("search");`);

    this.addSql(`alter table "report" drop column "search";`);
    this.addSql(`alter table "report" add "search" tsvector generated always as (to_tsvector('swedish', coalesce("comment", ''))) stored null;`);
    this.addSql(`create index "report_search_idx" on "report" using gin ("search");`);
  }
}
