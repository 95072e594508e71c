import { Migration } from '@mikro-orm/migrations';

/**
 * Searches of several words move only with the words they match (issue 18.1).
 *
 * A search of several words matches within one report, so its answer can change only when a
 * report gains or loses a lexeme one of its words prefixes (a case-level row of `search_change`
 * does not say that: a case may already hold the word in another report). The report triggers now
 * also write, per family, one row per lexeme a report gained or lost: `r:<lexeme>` (all reports)
 * and `q:<lexeme>` (submitted and approved ones, moved by a state change in or out of those too).
 * A kept search of several words sums those rows for each of its words (`ReadChangeRepository`)
 * instead of `report-text`/`published-text`, which every change of report words moved.
 */
export class Migration20261201154800 extends Migration {
  override name = 'Migration20261201154800';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "search_change_on_report"() returns trigger language plpgsql as \$\$
      declare
        cid uuid := case when tg_op = 'DELETE' then old.case_id else new.case_id end;
        rid uuid := case when tg_op = 'DELETE' then old.id else new.id end;
        was text[] := case when tg_op = 'INSERT' then '{}' else coalesce(tsvector_to_array(old.search), '{}') end;
        now_ text[] := case when tg_op = 'DELETE' then '{}' else coalesce(tsvector_to_array(new.search), '{}') end;
        was_pub text[] := case when tg_op <> 'INSERT' and old.state in ('submitted', 'approved') then was else '{}' end;
        now_pub text[] := case when tg_op <> 'DELETE' and new.state in ('submitted', 'approved') then now_ else '{}' end;
        changed text[] := array(select unnest(was) except select unnest(now_)) || array(select unnest(now_) except select unnest(was));
        changed_pub text[] := array(select unnest(was_pub) except select unnest(now_pub)) || array(select unnest(now_pub) except select unnest(was_pub));
      begin
        if cardinality(changed) = 0 and cardinality(changed_pub) = 0 then return null; end if;
        insert into read_change (scope) select s from (values ('report-text', cardinality(changed) > 0), ('published-text', cardinality(changed_pub) > 0)) v(s, moved) where moved;
        perform pg_advisory_xact_lock(181, hashtext(cid::text));
        insert into search_change (term)
          select 'a:' || x from (select unnest(changed) except select unnest(tsvector_to_array(o.search)) from report o where o.case_id = cid and o.id <> rid) d(x)
          union all
          select 'p:' || x from (select unnest(changed_pub) except select unnest(tsvector_to_array(o.search)) from report o
                                  where o.case_id = cid and o.id <> rid and o.state in ('submitted', 'approved')) d(x);
        insert into search_change (term)
          select 'r:' || x from unnest(changed) x union all select 'q:' || x from unnest(changed_pub) x;
        return null;
      end \$\$;`);
    this.addSql(`create or replace function "search_change_on_report_insert"() returns trigger language plpgsql as \$\$
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
            union all
            select 'r:' || f.lexeme from fresh f
            union all
            select 'q:' || f.lexeme from fresh f where f.pub
          ) t group by term;
        return null;
      end \$\$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "search_change_on_report"() returns trigger language plpgsql as \$\$
      declare
        cid uuid := case when tg_op = 'DELETE' then old.case_id else new.case_id end;
        rid uuid := case when tg_op = 'DELETE' then old.id else new.id end;
        was text[] := case when tg_op = 'INSERT' then '{}' else coalesce(tsvector_to_array(old.search), '{}') end;
        now_ text[] := case when tg_op = 'DELETE' then '{}' else coalesce(tsvector_to_array(new.search), '{}') end;
        was_pub text[] := case when tg_op <> 'INSERT' and old.state in ('submitted', 'approved') then was else '{}' end;
        now_pub text[] := case when tg_op <> 'DELETE' and new.state in ('submitted', 'approved') then now_ else '{}' end;
        changed text[] := array(select unnest(was) except select unnest(now_)) || array(select unnest(now_) except select unnest(was));
        changed_pub text[] := array(select unnest(was_pub) except select unnest(now_pub)) || array(select unnest(now_pub) except select unnest(was_pub));
      begin
        if cardinality(changed) = 0 and cardinality(changed_pub) = 0 then return null; end if;
        insert into read_change (scope) select s from (values ('report-text', cardinality(changed) > 0), ('published-text', cardinality(changed_pub) > 0)) v(s, moved) where moved;
        perform pg_advisory_xact_lock(181, hashtext(cid::text));
        insert into search_change (term)
          select 'a:' || x from (select unnest(changed) except select unnest(tsvector_to_array(o.search)) from report o where o.case_id = cid and o.id <> rid) d(x)
          union all
          select 'p:' || x from (select unnest(changed_pub) except select unnest(tsvector_to_array(o.search)) from report o
                                  where o.case_id = cid and o.id <> rid and o.state in ('submitted', 'approved')) d(x);
        return null;
      end \$\$;`);
    this.addSql(`create or replace function "search_change_on_report_insert"() returns trigger language plpgsql as \$\$
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
  }
}
