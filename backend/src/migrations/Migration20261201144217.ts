import { Migration } from '@mikro-orm/migrations';

const ASSIGNMENT = [
  { value: 'Genomfört', colour: 'green' },
  { value: 'Delvis genomfört', colour: 'yellow' },
  { value: 'Inte genomfört', colour: 'red' },
];
const GOAL = [
  { value: 'Helt uppfyllt', colour: 'green' },
  { value: 'Delvis uppfyllt', colour: 'yellow' },
  { value: 'Inte uppfyllt', colour: 'red' },
];
const PLAN = [
  { value: 'Enligt plan', colour: 'green' },
  { value: 'Mer arbete krävs', colour: 'yellow' },
];

/** The built-in kinds as a fresh installation has them: exactly today's behaviour for the four existing ones. */
const BUILT_IN: Array<[key: string, name: string, plural: string, scale: object[], asksForecast: string[], asksTrend: boolean, asksSummary: boolean, position: number]> = [
  ['goal', 'KF-mål', 'KF-mål', GOAL, ['T1', 'T2'], false, false, 1],
  ['assignment', 'KF-uppdrag', 'KF-uppdrag', ASSIGNMENT, ['T1', 'T2'], false, false, 2],
  ['supplementary_assignment', 'Tilläggsuppdrag', 'Tilläggsuppdrag', ASSIGNMENT, ['T1', 'T2'], false, false, 3],
  ['programme', 'Program', 'Program', PLAN, [], true, true, 4],
  ['focus_area', 'Fokusområde', 'Fokusområden', PLAN, [], true, true, 5],
  ['programme_priority', 'Programprioritering', 'Programprioriteringar', PLAN, ['T1', 'T2'], true, true, 6],
];

const quote = (s: string) => `'${s.replace(/'/gu, "''")}'`;
const textArray = (a: string[]) => `array[${a.map(quote).join(', ')}]::text[]`;

/**
 * Kinds as data (issue 14): the `kind` table with the built-in rows, `case.kind` a foreign key to
 * it, and a report's one-line `summary` (also in its submissions). A kind change moves the read
 * cache scope `kind` (see `Scope.kinds`), so every API process reloads its kind registry.
 */
export class Migration20261201144217 extends Migration {
  override name = 'Migration20261201144217';

  override up(): void | Promise<void> {
    this.addSql(`create table "kind" (
      "key" text not null primary key,
      "name" text not null,
      "plural" text not null,
      "scale" jsonb not null,
      "asks_forecast" text[] not null default '{}',
      "asks_trend" boolean not null default false,
      "asks_summary" boolean not null default false,
      "terms" text[] not null default '{T1,T2,T3}',
      "reported" boolean not null default true,
      "position" int not null default 0,
      "built_in" boolean not null default false,
      "version" int not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now());`);
    for (const [key, name, plural, scale, forecast, trend, summary, position] of BUILT_IN) {
      this.addSql(`insert into "kind" ("key", "name", "plural", "scale", "asks_forecast", "asks_trend", "asks_summary", "position", "built_in")
        values (${quote(key)}, ${quote(name)}, ${quote(plural)}, ${quote(JSON.stringify(scale))}::jsonb, ${textArray(forecast)}, ${trend}, ${summary}, ${position}, true);`);
    }
    this.addSql(`alter table "case" add constraint "case_kind_foreign" foreign key ("kind") references "kind" ("key") on update cascade;`);

    this.addSql(`alter table "report" add column "summary" text null;`);
    this.addSql(`alter table "report_submission" add column "summary" text null;`);

    this.addSql(`create function "read_change_on_kind"() returns trigger language plpgsql as \$\$
      begin insert into read_change (scope) values ('kind'); return null; end \$\$;`);
    this.addSql(`create trigger "read_change" after insert or update or delete on "kind" for each row execute function "read_change_on_kind"();`);
    this.addSql(`create trigger "read_change_truncate" after truncate on "kind" for each statement execute function "read_change_on_truncate"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "read_change" on "kind";`);
    this.addSql(`drop trigger "read_change_truncate" on "kind";`);
    this.addSql(`drop function "read_change_on_kind"();`);
    this.addSql(`alter table "report_submission" drop column "summary";`);
    this.addSql(`alter table "report" drop column "summary";`);
    this.addSql(`alter table "case" drop constraint "case_kind_foreign";`);
    this.addSql(`drop table "kind";`);
  }
}
