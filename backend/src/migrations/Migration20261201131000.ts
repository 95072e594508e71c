import { Migration } from '@mikro-orm/migrations';

/**
 * Who returned a report and when, kept while the board works on it (returned, or a draft since)
 * and cleared when it is submitted again. Filled for reports returned before this from the audit.
 */
export class Migration20261201131000 extends Migration {
  override name = 'Migration20261201131000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "report" add column "returned_at" timestamptz(6) null, add column "returned_by_name" text null;`);
    this.addSql(`update "report" r set "returned_at" = e.at, "returned_by_name" = e.actor_name
      from (select distinct on (entity_id) entity_id, at, actor_name from audit_event
             where entity = 'report' and action in ('report.returned', 'report.reopened')
             order by entity_id, at desc) e
      where e.entity_id = r.id::text and r.state in ('returned', 'draft') and r.return_comment is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "report" drop column "returned_at", drop column "returned_by_name";`);
  }
}
