import { Migration } from '@mikro-orm/migrations';

/**
 * Readers search only the comments of submitted and approved reports, so a report's state change
 * alters what search reads of reports (`report-text`) as much as its comment does.
 */
export class Migration20261123150000 extends Migration {
  override name = 'Migration20261123150000';

  override up(): void | Promise<void> {
    this.addSql(reportTrigger(`new.search is distinct from old.search or new.state is distinct from old.state`));
  }

  override down(): void | Promise<void> {
    this.addSql(reportTrigger(`new.search is distinct from old.search`));
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
        if tg_op <> 'UPDATE' or ${textChanged} then insert into read_change (scope) values ('report-text'); end if;
        return null;
      end \$\$;`;
}
