import { Migration } from '@mikro-orm/migrations';

/**
 * Change counters for the read caches (`ChangeTokens`). Every row change to what a cached read
 * shows appends a row per affected scope, in the same transaction as the change, so a scope's sum
 * of `n` grows exactly when such a change commits: no counter row is shared, so writers never
 * wait for each other. The worker merges a scope's rows into one (sum kept).
 *
 * Scopes: see `ChangeTokens`.
 */
export class Migration20261123140000 extends Migration {
  override name = 'Migration20261123140000';

  override up(): void | Promise<void> {
    this.addSql(`create table "read_change" ("id" bigserial primary key, "scope" text not null, "n" bigint not null default 1);`);
    this.addSql(`create index "read_change_scope_index" on "read_change" ("scope") include ("n");`);

    // Row triggers with plain statements: PostgreSQL keeps their plans per connection (statement
    // triggers over transition tables were planned anew on every call: 4 ms per report save).
    this.addSql(`create function "read_change_on_case"() returns trigger language plpgsql as \$\$
      begin
        if tg_op <> 'DELETE' then insert into read_change (scope) values ('case'), ('case:' || new.reference); end if;
        if tg_op = 'DELETE' or old.reference <> new.reference then insert into read_change (scope) values ('case'), ('case:' || old.reference); end if;
        return null;
      end \$\$;`);

    this.addSql(`create function "read_change_on_report"() returns trigger language plpgsql as \$\$
      begin
        if tg_op <> 'DELETE' then
          insert into read_change (scope)
            select 'case:' || c.reference from "case" c where c.id = new.case_id
            union all values ('reports:' || new.period_id), ('reports:' || new.period_id || ':' || new.body_code);
        end if;
        if tg_op = 'DELETE' or (tg_op = 'UPDATE' and (old.case_id <> new.case_id or old.period_id <> new.period_id or old.body_code <> new.body_code)) then
          insert into read_change (scope)
            select 'case:' || c.reference from "case" c where c.id = old.case_id
            union all values ('reports:' || old.period_id), ('reports:' || old.period_id || ':' || old.body_code);
        end if;
        if tg_op <> 'UPDATE' or new.search is distinct from old.search then insert into read_change (scope) values ('report-text'); end if;
        return null;
      end \$\$;`);

    this.addSql(`create function "read_change_on_contribution"() returns trigger language plpgsql as \$\$
      declare report_id uuid := case when tg_op = 'DELETE' then old.report_id else new.report_id end;
      begin
        insert into read_change (scope)
          select x from report r join "case" c on c.id = r.case_id,
                 unnest(array['case:' || c.reference, 'reports:' || r.period_id, 'reports:' || r.period_id || ':' || r.body_code]) x
           where r.id = report_id;
        return null;
      end \$\$;`);

    this.addSql(`create function "read_change_on_audit_event"() returns trigger language plpgsql as \$\$
      begin
        if new.case_reference is not null then insert into read_change (scope) values ('case:' || new.case_reference); end if;
        return null;
      end \$\$;`);

    this.addSql(`create function "read_change_on_body"() returns trigger language plpgsql as \$\$
      begin insert into read_change (scope) values ('case'); return null; end \$\$;`);

    this.addSql(`create function "read_change_on_period"() returns trigger language plpgsql as \$\$
      begin
        insert into read_change (scope) values ('period:' || case when tg_op = 'DELETE' then old.id else new.id end);
        return null;
      end \$\$;`);

    this.addSql(`create function "read_change_on_truncate"() returns trigger language plpgsql as \$\$
      begin insert into read_change (scope) values ('all'); return null; end \$\$;`);

    for (const table of ['case', 'report', 'contribution', 'body', 'period']) {
      this.addSql(`create trigger "read_change" after insert or update or delete on "${table}" for each row execute function "read_change_on_${table}"();`);
      this.addSql(`create trigger "read_change_truncate" after truncate on "${table}" for each statement execute function "read_change_on_truncate"();`);
    }
    this.addSql(`create trigger "read_change" after insert on "audit_event" for each row execute function "read_change_on_audit_event"();`);
  }

  override down(): void | Promise<void> {
    for (const table of ['case', 'report', 'contribution', 'body', 'period']) {
      this.addSql(`drop trigger "read_change" on "${table}";`);
      this.addSql(`drop trigger "read_change_truncate" on "${table}";`);
    }
    this.addSql(`drop trigger "read_change" on "audit_event";`);
    for (const fn of ['case', 'report', 'contribution', 'audit_event', 'body', 'period', 'truncate']) this.addSql(`drop function "read_change_on_${fn}"();`);
    this.addSql(`drop table "read_change";`);
  }
}
