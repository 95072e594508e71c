import { Migration } from '@mikro-orm/migrations';

/** Single sign-on: users linked to the provider's subject, role sync time, logins under way, ID tokens of SSO sessions. */
export class Migration20261201115323 extends Migration {
  override name = 'Migration20261201115323';

  override up(): void | Promise<void> {
    this.addSql(`create table "oidc_login" ("state_hash" text not null, "code_verifier" text not null, "nonce" text not null, "return_to" text null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("state_hash"));`);
    this.addSql(`create index "oidc_login_expires_at_index" on "oidc_login" ("expires_at");`);
    this.addSql(`alter table "app_user" add "sso_subject" text null, add "roles_synced_at" timestamptz null;`);
    this.addSql(`alter table "app_user" add constraint "app_user_sso_subject_unique" unique ("sso_subject");`);
    this.addSql(`alter table "session" add "id_token" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "oidc_login" cascade;`);
    this.addSql(`alter table "app_user" drop constraint "app_user_sso_subject_unique";`);
    this.addSql(`alter table "app_user" drop column "sso_subject", drop column "roles_synced_at";`);
    this.addSql(`alter table "session" drop column "id_token";`);
  }
}
