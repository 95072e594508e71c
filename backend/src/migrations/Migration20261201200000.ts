import { Migration } from '@mikro-orm/migrations';

/**
 * Replaces `from` with `to` in the definition of the function `fn` as PostgreSQL holds it, and
 * fails the migration when `from` is not there (the function is not the one this edits).
 */
const edit = (fn: string, from: string, to: string) => `do \$edit\$
  declare def text := pg_get_functiondef('${fn}'::regproc);
  begin
    if position(${lit(from)} in def) = 0 then raise exception 'Migration20261201200000: % is not as expected', '${fn}'; end if;
    execute replace(def, ${lit(from)}, ${lit(to)});
  end \$edit\$;`;

/** A SQL string literal. */
function lit(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Recomputes both families of the cases `cids` (Migration20261201180000's, for `down`). */
const REFRESH_BOTH = `create or replace function "case_words_refresh"(cids uuid[]) returns void language plpgsql as \$\$
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

/** Recomputes the published (`p`) `case_words` row of the cases `cids` from their reports. */
const REFRESH_PUBLISHED = `create or replace function "case_words_refresh"(cids uuid[]) returns void language plpgsql as \$\$
      begin
        with fresh as (
          select r.case_id, tsvector_agg(r.search) as search from report r
           where r.case_id = any(cids) and r.search <> ''::tsvector and r.state in ('submitted', 'approved') group by r.case_id),
        gone as (
          delete from case_words w where w.case_id = any(cids) and not exists (select 1 from fresh f where f.case_id = w.case_id))
        insert into case_words (case_id, family, search)
          select f.case_id, 'p', f.search from fresh f where exists (select 1 from "case" c where c.id = f.case_id)
          on conflict (case_id, family) do update set search = excluded.search where case_words.search <> excluded.search;
      end \$\$;`;

const ROW_CALL = 'perform case_words_refresh(array[cid]);';
const ROW_CALL_PUBLISHED = `if cardinality(changed_pub) > 0 then ${ROW_CALL} end if;`;
const INSERT_CALL = `perform case_words_refresh(array(select distinct case_id from new_rows where search <> ''::tsvector));`;
const INSERT_CALL_PUBLISHED = `perform case_words_refresh(array(select distinct case_id from new_rows where search <> ''::tsvector and state in ('submitted', 'approved')));`;

/**
 * `case_words` keeps only the published family (`p`, what readers search): a draft save no longer
 * rewrites the case's vector of every report's words and its GIN entries (about half of what the
 * report triggers cost a save: 4.0 against 1.8 ms an update on the bench data), which is what the
 * boards do all through deadline week. Searches that see drafts match `report` again, as before
 * Migration20261201180000; a one-word search of readers stays on the per-case index. The triggers
 * refresh a case's row only when the words of its submitted and approved reports change.
 */
export class Migration20261201200000 extends Migration {
  override name = 'Migration20261201200000';

  override up(): void | Promise<void> {
    this.addSql(`delete from case_words where family <> 'p';`);
    this.addSql(`alter table "case_words" drop constraint "case_words_family_check", add constraint "case_words_family_check" check ("family" = 'p');`);
    this.addSql(REFRESH_PUBLISHED);
    this.addSql(edit('search_change_on_report', ROW_CALL, ROW_CALL_PUBLISHED));
    this.addSql(edit('search_change_on_report_insert', INSERT_CALL, INSERT_CALL_PUBLISHED));
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "case_words" drop constraint "case_words_family_check", add constraint "case_words_family_check" check ("family" in ('a', 'p'));`);
    this.addSql(REFRESH_BOTH);
    this.addSql(edit('search_change_on_report', ROW_CALL_PUBLISHED, ROW_CALL));
    this.addSql(edit('search_change_on_report_insert', INSERT_CALL_PUBLISHED, INSERT_CALL));
    this.addSql(`insert into case_words (case_id, family, search)
      select r.case_id, 'a', tsvector_agg(r.search) from report r where r.search <> ''::tsvector group by r.case_id;`);
  }
}
