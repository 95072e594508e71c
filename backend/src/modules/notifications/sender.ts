import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import pLimit, { type LimitFunction } from 'p-limit';
import { Clock } from '../../common/clock.js';
import { MailPort } from '../../infra/mail/mail.port.js';
import { NotificationRepository } from './notification.repository.js';

/** What is left of a claimed notification once its mail is out of memory: enough to settle the row. */
type Attempt = { id: string; recipient: string } & ({ messageId: string } | { error: unknown });

/**
 * Sends one notification. The row is claimed before the SMTP attempt and settled after it.
 * If a worker dies between the SMTP server accepting a message and the row's update, the
 * outcome is unknown: we choose AT MOST ONE DUPLICATE over a possible loss. The next attempt
 * sends again with the same Message-ID (so mail systems that deduplicate drop it) and flags the
 * row `possibleDuplicate` for admins.
 *
 * A job claims its row (and reads the mail, ~90 kB of subject, text and HTML for a 90-report digest)
 * only when the transport can take it soon: at most two mails per SMTP connection are claimed and not
 * yet transferred, one sending and one whose claim overlaps it. Without the gate, the queue's 25 jobs
 * each held a mail through nodemailer's pool queue, long enough under load for V8 to promote it, and
 * the old generation filled with dead mail between full collections (a sending worker's peak RSS
 * moved between 171 and 236 MB across identical runs; issue 18.3).
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly gate: LimitFunction;

  constructor(
    private readonly repo: NotificationRepository,
    private readonly mail: MailPort,
    private readonly clock: Clock,
  ) {
    this.gate = pLimit(2 * mail.connections);
  }

  async send(data: { id: string }, job?: Job): Promise<'sent' | 'skipped'> {
    const attempt = await this.gate(() => this.claimAndTransfer(data.id));
    if (!attempt) return 'skipped'; // already sent or given up
    if ('messageId' in attempt) {
      await this.repo.markSent(attempt.id, this.clock.now(), attempt.messageId);
      return 'sent';
    }
    const message = attempt.error instanceof Error ? attempt.error.message : String(attempt.error);
    const last = (job?.attemptsMade ?? 0) + 1 >= (job?.opts.attempts ?? 1);
    await this.repo.markAttemptFailed(attempt.id, message, last);
    if (last) this.logger.error(`Giving up on notification ${attempt.id} to ${attempt.recipient}: ${message}`);
    throw attempt.error;
  }

  /** The claimed row lives only in this frame: it is garbage once the transfer ends, before the row is settled. */
  private async claimAndTransfer(id: string): Promise<Attempt | undefined> {
    const row = await this.repo.claim(id, this.clock.now());
    if (!row) return undefined;
    try {
      const sent = await this.mail.send({ to: [row.recipient], subject: row.subject, text: row.body_text, html: row.body_html, messageId: `<${row.id}@uppsikt>` });
      return { id: row.id, recipient: row.recipient, messageId: sent.messageId };
    } catch (error) {
      return { id: row.id, recipient: row.recipient, error };
    }
  }
}
