import { Processor } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import { JobName, QueueName } from '@uppsikt/shared';
import { JobHandler } from '../../infra/queue/job-handler.decorator.js';
import { JobProcessor } from '../../infra/queue/job-processor.js';
import { KoladaSync } from './kolada-sync.js';

/** The Kolada queue: the daily fetch (a job scheduler) and those asked for through POST /api/indicators/sync. */
@Processor(QueueName.Kolada, { autorun: false, concurrency: 1 })
export class KoladaProcessor extends JobProcessor {
  constructor(
    orm: MikroORM,
    private readonly sync: KoladaSync,
  ) {
    super(orm);
  }

  @JobHandler(JobName.KoladaSync)
  fetch() {
    return this.sync.run();
  }
}
