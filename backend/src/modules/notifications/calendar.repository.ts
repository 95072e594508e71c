import { Injectable } from '@nestjs/common';
import { Sql } from '../../infra/database/sql.js';

export interface CalendarUserRow {
  id: string;
  name: string;
  roles: string[] | null;
  bodies: string[] | null;
}

export interface CalendarPeriodRow {
  id: string;
  submission_deadline: Date | string;
  review_deadline: Date | string | null;
}

/** The SQL of the personal deadline calendar: whose feed a token opens, and which periods concern them. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly sql: Sql) {}

  /** The active user a calendar token belongs to, with their roles and editor bodies. */
  async userByToken(token: string): Promise<CalendarUserRow | null> {
    const [user] = await this.sql.query<CalendarUserRow>(
      `select u.id, u.name, array_agg(distinct g.role) filter (where g.role is not null) as roles,
              coalesce(array_agg(distinct g.body_code) filter (where g.role = 'editor'), '{}') as bodies
         from app_user u left join role_grant g on g.user_id = u.id
        where u.calendar_token = $1 and u.active group by u.id`,
      [token],
    );
    return user ?? null;
  }

  /** Periods of the last 400 days: all of them for reviewers, else those with a report of the bodies. */
  async periodsFor(allPeriods: boolean, bodies: string[]): Promise<CalendarPeriodRow[]> {
    return this.sql.query<CalendarPeriodRow>(
      `select p.id, p.submission_deadline, p.review_deadline from period p
        where p.submission_deadline > now() - interval '400 days'
          and ($1 or exists (select 1 from report r where r.period_id = p.id and r.body_code = any($2::text[])))
        order by p.submission_deadline`,
      [allPeriods, bodies],
    );
  }
}
