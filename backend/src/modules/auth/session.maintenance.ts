import { Injectable, Logger } from '@nestjs/common';
import { AuthService } from './auth.service.js';

/** Hourly removal of idle sessions (the maintenance queue's `purge-sessions` job). */
@Injectable()
export class SessionMaintenance {
  private readonly logger = new Logger(SessionMaintenance.name);

  constructor(private readonly auth: AuthService) {}

  async purge(): Promise<{ removed: number }> {
    const removed = await this.auth.purgeExpiredSessions();
    if (removed) this.logger.log(`Removed ${removed} idle session(s)`);
    return { removed };
  }
}
