import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service.js';
import { NotificationStore } from './notification-store.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationsService } from './notifications.service.js';
import { Reconciler } from './reconciler.js';
import { NotificationSender } from './sender.js';
import { WorkflowMail } from './workflow-mail.js';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationStore, Reconciler, NotificationSender, NotificationsProcessor, WorkflowMail, NotificationsService, CalendarService],
  exports: [Reconciler],
})
export class NotificationsModule {}
