import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { JobName } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { Clock } from '../../common/clock.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { DigestComposer } from './digest-composer.js';
import { NotificationRepository } from './notification.repository.js';
import { SendQueue } from './send-queue.js';
import { deadlineSlots, dueSlots, futureSlots, type DeadlineSlot } from './slots.js';

/** Queued rows given send jobs per run (the rest follow in the next run). */
const ENQUEUE_LIMIT = 10_000;

/**
 * Derives from PostgreSQL what mail is owed and makes sure it gets sent: stores the digests of due
 * slots (once, by unique key), schedules a delayed run at each future slot's exact instant, and
 * (re-)enqueues every queued notification. Safe to run any number of times, in any number of
 * processes, and after Redis lost everything.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger(Reconciler.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repo: NotificationRepository,
    private readonly composer: DigestComposer,
    private readonly sends: SendQueue,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async run(data: { periodId?: string } = {}): Promise<{ created: number; enqueued: number; failedPeriods: string[] }> {
    const em = this.em.fork();
    const now = this.clock.now();
    const periods = await em.find(PeriodEntity, data.periodId ? { id: data.periodId, state: 'open' } : { state: 'open' });
    let created = 0;
    const failedPeriods: string[] = [];
    for (const p of periods) {
      // One period's bad data (an offset written past the API's checks) must not stop the others' mail.
      try {
        created += await this.reconcilePeriod(em, p, now);
      } catch (e) {
        failedPeriods.push(p.id);
        this.logger.error(`Skipping the reminders of period ${p.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    created += (await this.repo.insert(await this.composer.submitted(now, em), em)).length;
    const enqueued = await this.enqueueQueued(em, now);
    if (created) this.logger.log(`Created ${created} notification(s)`);
    return { created, enqueued, failedPeriods };
  }

  /** The slots of a period: the plan the preview shows and the reconciler follows. */
  slotsOf(p: PeriodEntity): DeadlineSlot[] {
    return deadlineSlots(p, this.config.env.REMINDER_HOUR);
  }

  private async reconcilePeriod(em: EntityManager, p: PeriodEntity, now: Date): Promise<number> {
    let created = 0;
    const slots = this.slotsOf(p);
    for (const slot of dueSlots(slots, p.submissionDeadline, now)) {
      created += await em.transactional(async (tx) => {
        // One process composes a slot's digests; every other run skips it instead of doing the same
        // heavy work only to have the unique key drop its rows.
        if (!(await this.repo.claimSlot(p.id, slot.key, tx))) return 0;
        const started = Date.now();
        let stored = 0;
        // Chunk by chunk, so a slot's open reports are never all held at once.
        for await (const chunk of this.composer.deadline(p, slot, tx)) stored += (await this.repo.insert(chunk, tx)).length;
        this.logger.log(`Slot ${slot.key} of ${p.id}: ${stored} digest(s) composed and stored in ${Date.now() - started} ms`);
        return stored;
      });
    }
    for (const slot of futureSlots(slots, now)) {
      await this.queue.add(JobName.Reconcile, { periodId: p.id }, { jobId: `slot-${p.id}-${slot.key}`, delay: slot.fireAt.getTime() - now.getTime() });
    }
    return created;
  }

  /** Every queued notification gets a send job (deterministic id: a second add is a no-op). */
  private async enqueueQueued(em: EntityManager, now: Date): Promise<number> {
    const staleBefore = new Date(now.getTime() - this.config.env.NOTIFY_STALE_CLAIM_SECONDS * 1000);
    const ids = await this.repo.queuedIds(staleBefore, ENQUEUE_LIMIT, em);
    await this.sends.enqueue(ids);
    return ids.length;
  }
}
