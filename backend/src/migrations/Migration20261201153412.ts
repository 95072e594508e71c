import { Migration } from '@mikro-orm/migrations';

/**
 * Indicator changes also move the `indicators` read-cache scope (`Scope.indicators()`): the
 * appendix prints each case's indicators and the overview counts targets met, over many cases.
 */
export class Migration20261201153412 extends Migration {
  override name = 'Migration20261201153412';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "read_change_on_indicator"() returns trigger language plpgsql as \$\$
      begin
        insert into read_change (scope)
          select 'case:' || c.reference from "case" c where c.id = case when tg_op = 'DELETE' then old.case_id else new.case_id end
          union all values ('indicators');
        if tg_op = 'UPDATE' and old.case_id <> new.case_id then
          insert into read_change (scope) select 'case:' || c.reference from "case" c where c.id = old.case_id;
        end if;
        return null;
      end \$\$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "read_change_on_indicator"() returns trigger language plpgsql as \$\$
      begin
        insert into read_change (scope)
          select 'case:' || c.reference from "case" c where c.id = case when tg_op = 'DELETE' then old.case_id else new.case_id end;
        if tg_op = 'UPDATE' and old.case_id <> new.case_id then
          insert into read_change (scope) select 'case:' || c.reference from "case" c where c.id = old.case_id;
        end if;
        return null;
      end \$\$;`);
  }
}
