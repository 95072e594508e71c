import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Clock } from '../../common/clock.js';
import { MailPort } from '../../infra/mail/mail.port.js';
import { NotificationRepository } from './notification.repository.js';

/**
 * Sends one notification. The row is claimed before the SMTP attempt and settled after it.
 * If a worker dies between the SMTP server accepting a message and the row's update, the
 * outcome is unknown: we choose AT MOST ONE DUPLICATE over a possible loss. The next attempt
 * sends again with the same Message-ID (so mail systems that deduplicate drop it) and flags the
 * row `possibleDuplicate` for admins.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);

  constructor(
    private readonly repo: NotificationRepository,
    private readonly mail: MailPort,
    private readonly clock: Clock,
  ) {}

  async send(data: { id: string }, job?: Job): Promise<'sent' | 'skipped'> {
    const row = await this.repo.claim(data.id, this.clock.now());
    if (!row) return 'skipped'; // already sent or given up
    try {
      const sent = await this.mail.send({ to: [row.recipient], subject: row.subject, text: row.body_text, html: row.body_html, messageId: `<${row.id}@uppsikt>` });
      await this.repo.markSent(row.id, this.clock.now(), sent.messageId);
      return 'sent';
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const last = (job?.attemptsMade ?? 0) + 1 >= (job?.opts.attempts ?? 1);
      await this.repo.markAttemptFailed(row.id, message, last);
      if (last) this.logger.error(`Giving up on notification ${row.id} to ${row.recipient}: ${message}`);
      throw e;
    }
  }
}
