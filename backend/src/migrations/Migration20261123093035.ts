import { Migration } from '@mikro-orm/migrations';

export class Migration20261123093035 extends Migration {

  override name = 'Migration20261123093035';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_event" ("id" uuid not null, "at" timestamptz not null, "actor_id" uuid null, "actor_name" text null, "action" text not null, "entity" text not null, "entity_id" text not null, "case_reference" text null, "changes" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "audit_event_entity_entity_id_index" on "audit_event" ("entity", "entity_id");`);
    this.addSql(`create index "audit_event_case_reference_at_index" on "audit_event" ("case_reference", "at");`);
    this.addSql(`create or replace function "audit_event_no_truncate_fn"() returns trigger as \$\$ begin raise exception 'audit_event is append-only: truncate refused' using errcode = 'P0001'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "no_truncate" BEFORE TRUNCATE on "audit_event" for each STATEMENT execute function "audit_event_no_truncate_fn"();`);
    this.addSql(`create or replace function "audit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_append_only_fn"();`);

    this.addSql(`create table "body" ("code" text not null, "name" text not null, "kind" text not null, "active" boolean not null default true, "email" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("code"));`);

    this.addSql(`create table "case" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "reference" text not null, "reference_sort" text not null, "kind" text not null, "title" text null, "text" text not null, "lead_body_code" text not null, "co_bodies" text[] not null default '{}', "all_bodies" boolean not null default false, "decided_on" date null, "decision_ref" text null, "diary_number" text null, "due_on" date null, "related" text[] not null default '{}', "state" text not null default 'active', "closed_note" text null, "closed_at" timestamptz null, "search" tsvector generated always as (setweight(to_tsvector('swedish', coalesce("reference", '')), 'A') || setweight(to_tsvector('swedish', coalesce("title", '')), 'A') || setweight(to_tsvector('swedish', coalesce("text", '')), 'B')) stored null, primary key ("id"));`);
    this.addSql(`alter table "case" add constraint "case_reference_unique" unique ("reference");`);
    this.addSql(`create index "case_reference_sort_index" on "case" ("reference_sort");`);
    this.addSql(`create index "case_lead_body_code_index" on "case" ("lead_body_code");`);
    this.addSql(`create index "case_state_index" on "case" ("state");`);
    this.addSql(`create index "case_search_idx" on "case" using gin ("search");`);

    this.addSql(`create table "caught_mail" ("id" uuid not null, "to" text[] not null, "from" text not null, "subject" text not null, "text" text not null, "html" text null, "message_id" text null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "caught_mail_created_at_index" on "caught_mail" ("created_at");`);

    this.addSql(`create table "notification" ("id" uuid not null, "dedupe_key" text not null, "kind" text not null, "period_id" text null, "slot" text not null, "recipient" text not null, "recipient_user_id" uuid null, "subject" text not null, "body_text" text not null, "body_html" text not null, "state" text not null default 'queued', "attempts" int not null default 0, "claimed_at" timestamptz null, "possible_duplicate" boolean not null default false, "last_error" text null, "message_id" text null, "sent_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "notification" add constraint "notification_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "notification_recipient_index" on "notification" ("recipient");`);
    this.addSql(`create index "notification_period_id_created_at_index" on "notification" ("period_id", "created_at");`);
    this.addSql(`create index "notification_state_created_at_index" on "notification" ("state", "created_at");`);

    this.addSql(`create table "period" ("id" text not null, "year" int not null, "term" text not null, "period_end" date not null, "submission_deadline" timestamptz not null, "review_deadline" timestamptz null, "reminder_offsets" text[] not null, "escalation_offsets" text[] not null, "state" text not null default 'open', "published" boolean not null default false, "closed_at" timestamptz null, "published_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`alter table "period" add constraint "period_year_term_unique" unique ("year", "term");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "email" text not null, "name" text not null, "password_hash" text null, "active" boolean not null default true, "workflow_mail" boolean not null default true, "calendar_token" text not null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`create index "app_user_calendar_token_index" on "app_user" ("calendar_token");`);

    this.addSql(`create table "session" ("id" text not null, "user_id" uuid not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "user_agent" text null, primary key ("id"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "role_grant" ("id" uuid not null, "user_id" uuid not null, "role" text not null, "body_code" text null, primary key ("id"));`);
    this.addSql(`create unique index "role_grant_user_role_body_unique" on "role_grant" ("user_id", "role", coalesce("body_code", ''));`);

    this.addSql(`create table "report" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "case_id" uuid not null, "period_id" text not null, "body_code" text not null, "state" text not null default 'not_started', "status" text null, "comment" text null, "forecast" text null, "trend" text null, "return_comment" text null, "submitted_at" timestamptz null, "submitted_by_id" uuid null, "approved_at" timestamptz null, "approved_by_id" uuid null, "search" tsvector generated always as (to_tsvector('swedish', coalesce("comment", ''))) stored null, primary key ("id"));`);
    this.addSql(`create index "report_search_idx" on "report" using gin ("search");`);
    this.addSql(`create index "report_period_id_body_code_state_index" on "report" ("period_id", "body_code", "state");`);
    this.addSql(`alter table "report" add constraint "report_case_id_period_id_unique" unique ("case_id", "period_id");`);

    this.addSql(`create table "report_submission" ("id" uuid not null, "report_id" uuid not null, "submitted_at" timestamptz not null, "submitted_by_id" uuid null, "submitted_by_name" text not null, "status" text null, "comment" text null, "forecast" text null, "trend" text null, "contributions" jsonb null, primary key ("id"));`);
    this.addSql(`create index "report_submission_report_id_submitted_at_index" on "report_submission" ("report_id", "submitted_at");`);
    this.addSql(`create or replace function "report_submission_no_truncate_fn"() returns trigger as \$\$ begin raise exception 'report_submission is append-only: truncate refused' using errcode = 'P0001'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "no_truncate" BEFORE TRUNCATE on "report_submission" for each STATEMENT execute function "report_submission_no_truncate_fn"();`);
    this.addSql(`create or replace function "report_submission_append_only_fn"() returns trigger as \$\$ begin raise exception 'report_submission is append-only: % refused', tg_op using errcode = 'P0001'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "report_submission" for each ROW execute function "report_submission_append_only_fn"();`);

    this.addSql(`create table "contribution" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "report_id" uuid not null, "body_code" text not null, "text" text not null default '', "written_at" timestamptz null, "written_by_id" uuid null, primary key ("id"));`);
    this.addSql(`alter table "contribution" add constraint "contribution_report_id_body_code_unique" unique ("report_id", "body_code");`);

    this.addSql(`create table "api_token" ("id" uuid not null, "user_id" uuid not null, "name" text not null, "token_hash" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "case" add constraint "case_lead_body_code_foreign" foreign key ("lead_body_code") references "body" ("code");`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);

    this.addSql(`alter table "role_grant" add constraint "role_grant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "role_grant" add constraint "role_grant_body_code_foreign" foreign key ("body_code") references "body" ("code") on delete set null;`);

    this.addSql(`alter table "report" add constraint "report_case_id_foreign" foreign key ("case_id") references "case" ("id") on delete cascade;`);
    this.addSql(`alter table "report" add constraint "report_period_id_foreign" foreign key ("period_id") references "period" ("id");`);
    this.addSql(`alter table "report" add constraint "report_body_code_foreign" foreign key ("body_code") references "body" ("code");`);
    this.addSql(`alter table "report" add constraint "report_submitted_by_id_foreign" foreign key ("submitted_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "report" add constraint "report_approved_by_id_foreign" foreign key ("approved_by_id") references "app_user" ("id") on delete set null;`);

    this.addSql(`alter table "report_submission" add constraint "report_submission_report_id_foreign" foreign key ("report_id") references "report" ("id") on delete no action;`);

    this.addSql(`alter table "contribution" add constraint "contribution_report_id_foreign" foreign key ("report_id") references "report" ("id") on delete cascade;`);
    this.addSql(`alter table "contribution" add constraint "contribution_body_code_foreign" foreign key ("body_code") references "body" ("code");`);
    this.addSql(`alter table "contribution" add constraint "contribution_written_by_id_foreign" foreign key ("written_by_id") references "app_user" ("id") on delete set null;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
  }

}
