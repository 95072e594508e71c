import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@uppsikt/shared';
import { JobHandler } from '../../infra/queue/job-handler.decorator.js';
import { AuthService } from './auth.service.js';

/** Hourly removal of idle sessions (scheduled by the worker as a BullMQ job scheduler). */
@Injectable()
export class SessionMaintenance {
  private readonly logger = new Logger(SessionMaintenance.name);

  constructor(private readonly auth: AuthService) {}

  @JobHandler(JobName.PurgeSessions)
  async purge(): Promise<{ removed: number }> {
    const removed = await this.auth.purgeExpiredSessions();
    if (removed) this.logger.log(`Removed ${removed} idle session(s)`);
    return { removed };
  }
}
