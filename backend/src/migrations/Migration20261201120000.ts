import { Migration } from '@mikro-orm/migrations';

/**
 * Search moved by the words a save changes, not by every save (issue 18.1).
 *
 * A one-word search finds a case when one of its reports has a lexeme the word prefixes, so its
 * answer can change only when a case gains or loses a lexeme across all its reports. The report
 * trigger writes one `search_change` row per such lexeme, per family: `a:<lexeme>` (all reports,
 * for those who see drafts) and `p:<lexeme>` (submitted and approved reports, for readers); a
 * state change in or out of those moves the comment's lexemes in `p`. A cached one-word search
 * sums the rows its prefix matches (`ChangeTokens`). Saves of one case's reports are serialised on
 * an advisory lock keyed by the case (class 181) before the other reports are read, so two saves
 * cannot both miss a lexeme leaving the case (not on the case row: a case edit that locks it and
 * then moves open reports to another body could deadlock with a board saving one of them). Searches of several words (matched within one report) keep a scope moved by any
 * change of report words: `report-text`, or `published-text` for readers. The report's read
 * trigger stops writing `report-text` on every save. (A report never moves to another case.)
 */
export class Migration20261201120000 extends Migration {
  override name = 'Migration20261201120000';

  override up(): void | Promise<void> {
    this.addSql(`create table "search_change" ("id" bigserial primary key, "term" text collate "C" not null, "n" bigint not null default 1);`);
    this.addSql(`create index "search_change_term_index" on "search_change" ("term") include ("n");`);
    this.addSql(`create function "search_change_on_report"() returns trigger language plpgsql as \$\$
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
    this.addSql(`create trigger "search_change" after insert or delete on "report" for each row execute function "search_change_on_report"();`);
    this.addSql(`create trigger "search_change_update" after update of "comment", "state" on "report" for each row
      when (old.search is distinct from new.search or old.state is distinct from new.state) execute function "search_change_on_report"();`);
    this.addSql(reportTrigger(''));
  }

  override down(): void | Promise<void> {
    this.addSql(reportTrigger(`if tg_op <> 'UPDATE' or new.search is distinct from old.search or new.state is distinct from old.state then insert into read_change (scope) values ('report-text'); end if;`));
    this.addSql(`drop trigger "search_change_update" on "report";`);
    this.addSql(`drop trigger "search_change" on "report";`);
    this.addSql(`drop function "search_change_on_report"();`);
    this.addSql(`drop table "search_change";`);
  }
}

function reportTrigger(textChanged: string): string {
  return `create or replace function "read_change_on_report"() returns trigger language plpgsql as \$\$
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
        ${textChanged}
        return null;
      end \$\$;`;
}
