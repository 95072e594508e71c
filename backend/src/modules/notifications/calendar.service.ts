import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { createEvents, type EventAttributes } from 'ics';
import { AppConfig } from '../../config/env.js';
import { notFound } from '../../common/errors.js';
import { UserEntity } from '../users/user.entity.js';
import { CalendarRepository } from './calendar.repository.js';

/** A personal iCalendar feed (Outlook can subscribe to it) of the deadlines that concern the user. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly calendar: CalendarRepository,
  ) {}

  /** The user's personal feed address (the token in it is the only key). */
  async link(userId: string): Promise<string> {
    const u = await this.em.findOneOrFail(UserEntity, { id: userId }, { fields: ['calendarToken'] });
    return `${this.config.appUrl}/api/calendar.ics?token=${encodeURIComponent(u.calendarToken)}`;
  }

  async feed(token: string): Promise<string> {
    const user = await this.calendar.userByToken(token);
    if (!user) throw notFound('Kalendern');
    const roles = user.roles ?? [];
    const reviews = roles.includes('reviewer') || roles.includes('admin');
    const periods = await this.calendar.periodsFor(reviews, user.bodies ?? []);
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
