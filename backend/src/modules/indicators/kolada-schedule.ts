import { Injectable, Logger } from '@nestjs/common';
import { JobName, QueueName } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { koladaJobOptions } from './kolada-options.js';

const SCHEDULER_ID = 'kolada-daily';

/**
 * The daily Kolada fetch as a BullMQ job scheduler (one however many workers run), at
 * KOLADA_SCHEDULE in Europe/Stockholm; removed when KOLADA_MUNICIPALITY is unset, so the
 * sync stays idle.
 */
@Injectable()
export class KoladaSchedule {
  private readonly logger = new Logger(KoladaSchedule.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async ensure(): Promise<void> {
    const q = this.queue.queue(QueueName.Kolada);
    if (!this.config.env.KOLADA_MUNICIPALITY) {
      await q.removeJobScheduler(SCHEDULER_ID);
      return;
    }
    await q.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: this.config.env.KOLADA_SCHEDULE, tz: 'Europe/Stockholm' },
      { name: JobName.KoladaSync, data: { reason: 'daily' }, opts: koladaJobOptions(this.config) },
    );
    this.logger.log(`Kolada fetch scheduled (${this.config.env.KOLADA_SCHEDULE}, municipality ${this.config.env.KOLADA_MUNICIPALITY})`);
  }
}
