import { Processor } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import { JobName, QueueName } from '@uppsikt/shared';
import { ReadChangeMaintenance } from '../../infra/cache/read-change.maintenance.js';
import { JobHandler } from '../../infra/queue/job-handler.decorator.js';
import { JobProcessor } from '../../infra/queue/job-processor.js';
import { SessionMaintenance } from '../auth/session.maintenance.js';

/** The housekeeping queue: idle sessions (hourly) and the read cache's change rows (every ten seconds). */
@Processor(QueueName.Maintenance, { autorun: false, concurrency: 1 })
export class MaintenanceProcessor extends JobProcessor {
  constructor(
    orm: MikroORM,
    private readonly sessions: SessionMaintenance,
    private readonly readChanges: ReadChangeMaintenance,
  ) {
    super(orm);
  }

  @JobHandler(JobName.PurgeSessions)
  purgeSessions() {
    return this.sessions.purge();
  }

  @JobHandler(JobName.CompactReadChanges)
  compactReadChanges() {
    return this.readChanges.compact();
  }
}
