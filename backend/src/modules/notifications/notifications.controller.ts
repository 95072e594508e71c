import { Controller, Param, Res } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { routes, type CalendarQuery, type NotificationListQuery, type Preferences } from '@uppsikt/shared';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { AppConfig } from '../../config/env.js';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { UserEntity } from '../users/user.entity.js';
import { CalendarService } from './calendar.service.js';
import { NotificationsService } from './notifications.service.js';

@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly calendar: CalendarService,
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  @Endpoint(routes.listNotifications)
  list(@ValidQuery() q: z.infer<typeof NotificationListQuery>) {
    return this.notifications.list(q);
  }

  @Endpoint(routes.retryNotification)
  retry(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.notifications.retry(user, id);
  }

  @Endpoint(routes.updatePreferences)
  async preferences(@CurrentUser() user: Principal, @ValidBody() body: z.infer<typeof Preferences>) {
    const u = await this.em.findOneOrFail(UserEntity, { id: user.id });
    u.workflowMail = body.workflowMail;
    await this.em.flush();
    return { workflowMail: u.workflowMail };
  }

  @Endpoint(routes.calendarLink)
  async calendarLink(@CurrentUser() user: Principal) {
    const u = await this.em.findOneOrFail(UserEntity, { id: user.id }, { fields: ['calendarToken'] });
    return { url: `${this.config.appUrl}/api/calendar.ics?token=${encodeURIComponent(u.calendarToken)}` };
  }

  @Endpoint(routes.calendarFeed)
  async feed(@ValidQuery() q: z.infer<typeof CalendarQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const ics = await this.calendar.feed(q.token);
    void reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').header('content-disposition', 'inline; filename="uppsikt.ics"');
    return ics;
  }
}
