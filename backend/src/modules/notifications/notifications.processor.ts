import { Processor } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '@uppsikt/shared';
import { JobHandler } from '../../infra/queue/job-handler.decorator.js';
import { JobProcessor } from '../../infra/queue/job-processor.js';
import { Reconciler } from './reconciler.js';
import { NotificationSender } from './sender.js';

/** The mail queue: the reconcile runs (scheduled and at each slot's instant) and one send job per notification. */
@Processor(QueueName.Notifications, { autorun: false, concurrency: 5 })
export class NotificationsProcessor extends JobProcessor {
  constructor(
    orm: MikroORM,
    private readonly reconciler: Reconciler,
    private readonly sender: NotificationSender,
  ) {
    super(orm);
  }

  @JobHandler(JobName.Reconcile)
  reconcile(data: { periodId?: string }) {
    return this.reconciler.run(data);
  }

  @JobHandler(JobName.SendNotification)
  send(data: { id: string }, job: Job) {
    return this.sender.send(data, job);
  }
}
