import { Controller, Param, Res } from '@nestjs/common';
import { routes, type CalendarQuery, type NotificationListQuery, type Preferences } from '@uppsikt/shared';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { CalendarService } from './calendar.service.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesService } from './preferences.service.js';
import { ReminderPlanService } from './reminder-plan.service.js';

@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferencesService: PreferencesService,
    private readonly calendar: CalendarService,
    private readonly reminders: ReminderPlanService,
  ) {}

  @Endpoint(routes.listNotifications)
  list(@ValidQuery() q: z.infer<typeof NotificationListQuery>) {
    return this.notifications.list(q);
  }

  @Endpoint(routes.periodReminders)
  periodReminders(@Param('id') id: string) {
    return this.reminders.plan(id);
  }

  @Endpoint(routes.retryNotification)
  retry(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.notifications.retry(user, id);
  }

  @Endpoint(routes.updatePreferences)
  preferences(@CurrentUser() user: Principal, @ValidBody() body: z.infer<typeof Preferences>) {
    return this.preferencesService.update(user, body);
  }

  @Endpoint(routes.calendarLink)
  async calendarLink(@CurrentUser() user: Principal) {
    return { url: await this.calendar.link(user.id) };
  }

  @Endpoint(routes.calendarFeed)
  async feed(@ValidQuery() q: z.infer<typeof CalendarQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const ics = await this.calendar.feed(q.token);
    void reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').header('content-disposition', 'inline; filename="uppsikt.ics"');
    return ics;
  }
}
