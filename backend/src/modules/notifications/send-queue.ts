import { Injectable } from '@nestjs/common';
import { JobName } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { JobQueue } from '../../infra/queue/job-queue.js';

/** Rows handed to BullMQ per round trip. */
const BULK = 500;

/**
 * Gives notifications their send jobs: one job per row with a deterministic id (`send-<id>`), so
 * adding the same row twice, from any process, is a no-op; retries with exponential backoff and jitter.
 */
@Injectable()
export class SendQueue {
  constructor(
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {}

  private opts(jobId: string) {
    return { jobId, attempts: this.config.env.NOTIFY_MAX_ATTEMPTS, backoff: { type: 'exponential', delay: this.config.env.NOTIFY_BACKOFF_MS, jitter: 0.5 } };
  }

  async enqueue(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BULK) {
      await this.queue.addBulk(
        JobName.SendNotification,
        ids.slice(i, i + BULK).map((id) => ({ data: { id }, opts: this.opts(`send-${id}`) })),
      );
    }
  }

  /** A retried notification needs a fresh job id: BullMQ still keeps the failed job. */
  async enqueueRetry(id: string, attempt: string): Promise<void> {
    await this.queue.add(JobName.SendNotification, { id }, this.opts(`send-${id}-${attempt}`));
  }
}
