import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { AuthService } from './auth.service.js';
import { CredentialsRepository } from './credentials.repository.js';

/** Hourly removal of idle sessions (the maintenance queue's `purge-sessions` job). */
@Injectable()
export class SessionMaintenance {
  private readonly logger = new Logger(SessionMaintenance.name);

  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialsRepository,
    private readonly clock: Clock,
  ) {}

  async purge(): Promise<{ removed: number; logins: number }> {
    const removed = await this.auth.purgeExpiredSessions();
    // Single sign-on logins that were started and never came back.
    const logins = await this.credentials.purgeLogins(this.clock.now());
    if (removed) this.logger.log(`Removed ${removed} idle session(s)`);
    return { removed, logins };
  }
}
