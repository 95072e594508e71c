import { Migration } from '@mikro-orm/migrations';

/**
 * Indicators (nyckeltal) on cases and their yearly values, one row per indicator and year
 * (issue 15). A value is typed by hand (`manual`) or fetched from Kolada (`Kolada`); neither
 * overwrites the other. The read cache's `case:<reference>` scope moves with every indicator row
 * change; every value write also touches its indicator row.
 */
export class Migration20261201144713 extends Migration {
  override name = 'Migration20261201144713';

  override up(): void | Promise<void> {
    this.addSql(`create table "indicator" (
      "id" uuid not null primary key,
      "case_id" uuid not null references "case" ("id") on update cascade on delete cascade,
      "name" text not null,
      "unit" text null,
      "direction" text not null check ("direction" in ('higher', 'lower')),
      "target" double precision null,
      "target_year" int null,
      "baseline" double precision null,
      "kolada_kpi" text null,
      "kolada_gender" text null check ("kolada_gender" in ('T', 'K', 'M')),
      "sync_state" text not null default 'never' check ("sync_state" in ('never', 'ok', 'failing')),
      "sync_at" timestamptz(6) null,
      "sync_message" text null,
      "version" int not null default 1,
      "created_at" timestamptz(6) not null default now(),
      "updated_at" timestamptz(6) not null default now(),
      check (("kolada_kpi" is null) = ("kolada_gender" is null))
    );`);
    this.addSql(`create index "indicator_case_id_index" on "indicator" ("case_id", "created_at");`);
    this.addSql(`create index "indicator_kolada_kpi_index" on "indicator" ("kolada_kpi") where "kolada_kpi" is not null;`);
    this.addSql(`create table "indicator_value" (
      "indicator_id" uuid not null references "indicator" ("id") on update cascade on delete cascade,
      "year" int not null check ("year" between 1900 and 2200),
      "value" double precision null,
      "women" double precision null,
      "men" double precision null,
      "source" text not null check ("source" in ('manual', 'Kolada')),
      "fetched_at" timestamptz(6) null,
      "note" text null,
      "updated_at" timestamptz(6) not null default now(),
      constraint "indicator_value_pkey" primary key ("indicator_id", "year")
    );`);
    this.addSql(`create function "read_change_on_indicator"() returns trigger language plpgsql as \$\$
      begin
        insert into read_change (scope)
          select 'case:' || c.reference from "case" c where c.id = case when tg_op = 'DELETE' then old.case_id else new.case_id end;
        if tg_op = 'UPDATE' and old.case_id <> new.case_id then
          insert into read_change (scope) select 'case:' || c.reference from "case" c where c.id = old.case_id;
        end if;
        return null;
      end \$\$;`);
    this.addSql(`create trigger "read_change" after insert or update or delete on "indicator" for each row execute function "read_change_on_indicator"();`);
    this.addSql(`create trigger "read_change_truncate" after truncate on "indicator" for each statement execute function "read_change_on_truncate"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "indicator_value";`);
    this.addSql(`drop table "indicator";`);
    this.addSql(`drop function "read_change_on_indicator"();`);
  }
}
