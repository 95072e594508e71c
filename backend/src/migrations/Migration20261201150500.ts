import { Migration } from '@mikro-orm/migrations';

/**
 * Inserted reports move `search_change` once per statement, not once per row (issue 18.1).
 *
 * The row trigger of Migration20261201120000 read every other report of the case for each inserted
 * report: loading ten years of reports in one statement took 29 s instead of 12 s. And since row
 * triggers fire after the whole statement, two reports of one case inserted together each found
 * the other's words already there, so a word both brought to the case moved no search (an import
 * of several periods at once). Here one statement-level trigger compares the words the new
 * reports bring with what the case's other reports held (hash joins over the transition table)
 * and writes one row per lexeme with the number of cases that gained it. Updates and deletes keep
 * the row trigger. The cases are locked in one order (class 181, as the row trigger locks one).
 */
export class Migration20261201150500 extends Migration {
  override name = 'Migration20261201150500';

  override up(): void | Promise<void> {
    this.addSql(`create function "search_change_on_report_insert"() returns trigger language plpgsql as \$\$
      begin
        if not exists (select 1 from new_rows where cardinality(tsvector_to_array(search)) > 0) then return null; end if;
        perform pg_advisory_xact_lock(181, h) from (select distinct hashtext(case_id::text) as h from new_rows) c order by h;
        insert into read_change (scope)
          select 'report-text' union all
          select 'published-text' where exists (select 1 from new_rows where state in ('submitted', 'approved') and cardinality(tsvector_to_array(search)) > 0);
        insert into search_change (term, n)
          with fresh as (
            select n.case_id, x.lexeme, bool_or(n.state in ('submitted', 'approved')) as pub
              from new_rows n cross join lateral unnest(tsvector_to_array(n.search)) x(lexeme)
             group by 1, 2),
          held as (
            select o.case_id, x.lexeme, bool_or(o.state in ('submitted', 'approved')) as pub
              from report o cross join lateral unnest(tsvector_to_array(o.search)) x(lexeme)
             where o.case_id in (select case_id from new_rows) and o.id not in (select id from new_rows)
             group by 1, 2)
          select term, count(*) from (
            select 'a:' || f.lexeme as term from fresh f left join held h using (case_id, lexeme) where h.case_id is null
            union all
            select 'p:' || f.lexeme from fresh f left join held h using (case_id, lexeme) where f.pub and not coalesce(h.pub, false)
          ) t group by term;
        return null;
      end \$\$;`);
    this.addSql(`drop trigger "search_change" on "report";`);
    this.addSql(`create trigger "search_change_delete" after delete on "report" for each row execute function "search_change_on_report"();`);
    this.addSql(`create trigger "search_change_insert" after insert on "report" referencing new table as new_rows for each statement execute function "search_change_on_report_insert"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "search_change_insert" on "report";`);
    this.addSql(`drop trigger "search_change_delete" on "report";`);
    this.addSql(`drop function "search_change_on_report_insert"();`);
    this.addSql(`create trigger "search_change" after insert or delete on "report" for each row execute function "search_change_on_report"();`);
  }
}
