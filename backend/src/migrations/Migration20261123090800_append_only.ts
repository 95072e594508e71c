import { Migration } from '@mikro-orm/migrations';

/**
 * Audit events and submission snapshots are records: the database itself refuses to change
 * or remove them, whatever the application does. Also makes a role grant without a body
 * unique per user (NULLs would otherwise count as distinct).
 */
export class Migration20261123090800_append_only extends Migration {
  override name = 'Migration20261123090800_append_only';

  override up(): void {
    this.addSql(`create or replace function uppsikt_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
      end $$;`);
    for (const table of ['audit_event', 'report_submission']) {
      this.addSql(`create trigger "${table}_append_only" before update or delete on "${table}" for each row execute function uppsikt_refuse_change();`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function uppsikt_refuse_change();`);
    }
    this.addSql(`alter table "role_grant" drop constraint "role_grant_user_id_role_body_code_unique";`);
    this.addSql(`create unique index "role_grant_user_role_body_unique" on "role_grant" ("user_id", "role", coalesce("body_code", ''));`);
  }

  override down(): void {
    for (const table of ['audit_event', 'report_submission']) {
      this.addSql(`drop trigger if exists "${table}_append_only" on "${table}";`);
      this.addSql(`drop trigger if exists "${table}_no_truncate" on "${table}";`);
    }
    this.addSql(`drop function if exists uppsikt_refuse_change();`);
    this.addSql(`drop index if exists "role_grant_user_role_body_unique";`);
    this.addSql(`alter table "role_grant" add constraint "role_grant_user_id_role_body_code_unique" unique ("user_id", "role", "body_code");`);
  }
}
