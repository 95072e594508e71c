import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { Clock } from '../../common/clock.js';
import { MailPort } from '../../infra/mail/mail.port.js';

interface ClaimedRow {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
}

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
    private readonly em: EntityManager,
    private readonly mail: MailPort,
    private readonly clock: Clock,
  ) {}

  async send(data: { id: string }, job?: Job): Promise<'sent' | 'skipped'> {
    const conn = this.em.fork().getConnection();
    const [row] = await conn.execute<ClaimedRow[]>(
      `update notification set attempts = attempts + 1, possible_duplicate = possible_duplicate or claimed_at is not null, claimed_at = ?
        where id = ? and state = 'queued'
        returning id, recipient, subject, body_text, body_html`,
      [this.clock.now(), data.id],
    );
    if (!row) return 'skipped'; // already sent or given up
    try {
      const sent = await this.mail.send({ to: [row.recipient], subject: row.subject, text: row.body_text, html: row.body_html, messageId: `<${row.id}@uppsikt>` });
      await conn.execute(`update notification set state = 'sent', sent_at = ?, message_id = ?, claimed_at = null, last_error = null where id = ?`, [this.clock.now(), sent.messageId, row.id]);
      return 'sent';
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const attempts = job?.opts.attempts ?? 1;
      const last = (job?.attemptsMade ?? 0) + 1 >= attempts;
      await conn.execute(`update notification set claimed_at = null, last_error = ?, state = ? where id = ?`, [message.slice(0, 1000), last ? 'failed' : 'queued', row.id]);
      if (last) this.logger.error(`Giving up on notification ${row.id} to ${row.recipient}: ${message}`);
      throw e;
    }
  }
}
