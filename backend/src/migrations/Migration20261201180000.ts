import { Migration } from '@mikro-orm/migrations';

/** Recomputes the `case_words` rows of the cases `cids` from their reports (see the migration below). */
const REFRESH = `create or replace function "case_words_refresh"(cids uuid[]) returns void language plpgsql as \$\$
      begin
        with agg as (
          select r.case_id, tsvector_agg(r.search) as a, tsvector_agg(r.search) filter (where r.state in ('submitted', 'approved')) as p
            from report r where r.case_id = any(cids) and r.search <> ''::tsvector group by r.case_id),
        fresh as (
          select case_id, 'a'::char(1) as family, a as search from agg
          union all
          select case_id, 'p'::char(1), p from agg where p <> ''::tsvector),
        gone as (
          delete from case_words w where w.case_id = any(cids)
             and not exists (select 1 from fresh f where f.case_id = w.case_id and f.family = w.family))
        insert into case_words (case_id, family, search)
          select f.case_id, f.family, f.search from fresh f where exists (select 1 from "case" c where c.id = f.case_id)
          on conflict (case_id, family) do update set search = excluded.search where case_words.search <> excluded.search;
      end \$\$;`;

/**
 * A search index per case (issue 18.1): `case_words` holds, per case and family, the words of its
 * report comments as one stripped tsvector: `a` all reports (for those who see drafts), `p` the
 * submitted and approved ones (readers). A one-word search matches there (at most one row a case)
 * instead of every report's vector; one of several words (which must match within one report)
 * still matches `report` (see `CaseRepository.list`). Empty vectors get no row.
 *
 * Kept by the report triggers that already serialise one case's saves on the advisory lock of
 * class 181: after taking it, each recomputes the case's rows from its reports (a fresh snapshot
 * per statement in READ COMMITTED, so another writer's save that held the lock is seen, and no
 * update is lost). The statement-level insert trigger does the same for the cases its non-empty
 * reports belong to (inserts of empty reports, as when a period opens, stay free); the row trigger
 * covers updates of comment or state and deletes; a case's deletion cascades.
 */
export class Migration20261201180000 extends Migration {
  override name = 'Migration20261201180000';

  override up(): void | Promise<void> {
    this.addSql(`create aggregate "tsvector_agg"(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '');`);
    this.addSql(`create table "case_words" (
      "case_id" uuid not null references "case" ("id") on delete cascade,
      "family" char(1) not null check ("family" in ('a', 'p')),
      "search" tsvector not null check ("search" <> ''::tsvector),
      primary key ("case_id", "family"));`);
    // In the row (compressed if need be), not in TOAST, as case.search.
    this.addSql(`alter table "case_words" alter column "search" set storage main;`);
    this.addSql(`create index "case_words_search_idx" on "case_words" using gin ("search");`);
    this.addSql(REFRESH);
    this.addSql(`insert into case_words (case_id, family, search)
      select r.case_id, 'a', tsvector_agg(r.search) from report r where r.search <> ''::tsvector group by r.case_id
      union all
      select r.case_id, 'p', tsvector_agg(r.search) from report r where r.search <> ''::tsvector and r.state in ('submitted', 'approved') group by r.case_id;`);
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
        perform case_words_refresh(array[cid]);
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
        perform case_words_refresh(array(select distinct case_id from new_rows where search <> ''::tsvector));
        return null;
      end \$\$;`);
    this.addSql(`create function "case_words_on_report_truncate"() returns trigger language plpgsql as \$\$
      begin delete from case_words; return null; end \$\$;`);
    this.addSql(`create trigger "case_words_truncate" after truncate on "report" for each statement execute function "case_words_on_report_truncate"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "case_words_truncate" on "report";`);
    this.addSql(`drop function "case_words_on_report_truncate"();`);
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
    this.addSql(`drop function "case_words_refresh"(uuid[]);`);
    this.addSql(`drop table "case_words";`);
    this.addSql(`drop aggregate "tsvector_agg"(tsvector);`);
  }
}
