import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { createEvents, type EventAttributes } from 'ics';
import { AppConfig } from '../../config/env.js';
import { notFound } from '../../common/errors.js';
import { UserEntity } from '../users/user.entity.js';

interface PeriodRow {
  id: string;
  submission_deadline: Date;
  review_deadline: Date | null;
}

/** A personal iCalendar feed (Outlook can subscribe to it) of the deadlines that concern the user. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  /** The user's personal feed address (the token in it is the only key). */
  async link(userId: string): Promise<string> {
    const u = await this.em.findOneOrFail(UserEntity, { id: userId }, { fields: ['calendarToken'] });
    return `${this.config.appUrl}/api/calendar.ics?token=${encodeURIComponent(u.calendarToken)}`;
  }

  async feed(token: string): Promise<string> {
    const conn = this.em.getConnection();
    const [user] = await conn.execute<Array<{ id: string; name: string; roles: string[]; bodies: string[] }>>(
      `select u.id, u.name, array_agg(distinct g.role) filter (where g.role is not null) as roles,
              coalesce(array_agg(distinct g.body_code) filter (where g.role = 'editor'), '{}') as bodies
         from app_user u left join role_grant g on g.user_id = u.id
        where u.calendar_token = ? and u.active group by u.id`,
      [token],
    );
    if (!user) throw notFound('Kalendern');
    const roles = user.roles ?? [];
    const reviews = roles.includes('reviewer') || roles.includes('admin');
    const periods = await conn.execute<PeriodRow[]>(
      `select p.id, p.submission_deadline, p.review_deadline from period p
        where p.submission_deadline > now() - interval '400 days'
          and (? or exists (select 1 from report r where r.period_id = p.id and r.body_code = any(?::text[])))
        order by p.submission_deadline`,
      [reviews, `{${(user.bodies ?? []).join(',')}}`],
    );
    const events: EventAttributes[] = [];
    for (const p of periods) {
      events.push(this.event(`submission-${p.id}`, new Date(p.submission_deadline), `Sista dag: rapporter för ${p.id}`, `Nämndernas rapporter för ${p.id} ska vara inskickade i Uppsikt.`));
      if (reviews && p.review_deadline) {
        events.push(this.event(`review-${p.id}`, new Date(p.review_deadline), `Granskning klar: ${p.id}`, `Stadsledningskontorets granskning av ${p.id} ska vara klar.`));
      }
    }
    const { error, value } = createEvents(events, { calName: `Uppsikt – ${user.name}`, productId: 'uppsikt/calendar', method: 'PUBLISH' });
    if (error || !value) throw error ?? new Error('Could not build the calendar');
    return value;
  }

  private event(uid: string, at: Date, title: string, description: string): EventAttributes {
    return {
      uid: `${uid}@uppsikt`,
      start: at.getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      duration: { minutes: 30 },
      title,
      description,
      url: this.config.appUrl,
      status: 'CONFIRMED',
      busyStatus: 'FREE',
      alarms: [{ action: 'display', description: title, trigger: { days: 1, before: true } }],
    };
  }
}
