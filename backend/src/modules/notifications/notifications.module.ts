import { Module } from '@nestjs/common';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';
import { DigestComposer } from './digest-composer.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationsService } from './notifications.service.js';
import { Reconciler } from './reconciler.js';
import { PreferencesService } from './preferences.service.js';
import { ReminderPlanService } from './reminder-plan.service.js';
import { SendQueue } from './send-queue.js';
import { NotificationSender } from './sender.js';
import { WorkflowMail } from './workflow-mail.js';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationRepository, DigestComposer, SendQueue, Reconciler, NotificationSender, NotificationsProcessor, WorkflowMail, NotificationsService, PreferencesService, ReminderPlanService, CalendarService, CalendarRepository],
  exports: [Reconciler],
})
export class NotificationsModule {}
