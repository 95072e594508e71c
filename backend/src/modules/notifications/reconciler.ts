import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { JobName } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { Clock } from '../../common/clock.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { NotificationStore, type NewNotification } from './notification-store.js';
import { deadlineSlots, dueSlots, futureSlots, type DeadlineSlot } from './slots.js';
import { escalationMail, reminderMail, submittedDigestMail, type ReportLine, type TemplateContext } from './templates.js';

export const SUBMITTED_DIGEST_WINDOW_MS = 15 * 60_000;

/**
 * Derives from PostgreSQL what mail is owed and makes sure it gets sent: creates the digest rows
 * for due slots (once, by unique key), schedules a delayed run at each future slot's exact instant,
 * and (re-)enqueues every queued notification. Safe to run any number of times, in any number of
 * processes, and after Redis lost everything.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger(Reconciler.name);

  constructor(
    private readonly em: EntityManager,
    private readonly store: NotificationStore,
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
    created += await this.submittedDigests(em, now);
    const enqueued = await this.enqueueQueued(em, now);
    if (created) this.logger.log(`Created ${created} notification(s)`);
    return { created, enqueued, failedPeriods };
  }

  private async reconcilePeriod(em: EntityManager, p: PeriodEntity, now: Date): Promise<number> {
    let created = 0;
    const slots = deadlineSlots(p, this.config.env.REMINDER_HOUR);
    for (const slot of dueSlots(slots, p.submissionDeadline, now)) created += await this.deadlineDigests(em, p, slot);
    for (const slot of futureSlots(slots, now)) {
      await this.queue.add(JobName.Reconcile, { periodId: p.id }, { jobId: `slot-${p.id}-${slot.key}`, delay: slot.fireAt.getTime() - now.getTime() });
    }
    return created;
  }

  private ctx(): TemplateContext {
    return { appUrl: this.config.appUrl, municipality: this.config.env.MUNICIPALITY_NAME };
  }

  /** One digest per person per slot; escalations also to the body's address and every reviewer. */
  private async deadlineDigests(em: EntityManager, p: PeriodEntity, slot: DeadlineSlot): Promise<number> {
    return em.transactional(async (tx) => {
      const items: NewNotification[] = [];
      const editors = await this.store.openReportsByEditor(tx, p.id);
      for (const e of editors) {
        const mail = slot.kind === 'reminder' ? reminderMail(this.ctx(), p.id, p.submissionDeadline, e.lines) : escalationMail(this.ctx(), p.id, p.submissionDeadline, e.lines, 'editor');
        items.push({ kind: slot.kind, periodId: p.id, slot: slot.key, recipient: e.recipient, recipientUserId: e.userId, mail });
      }
      if (slot.kind === 'escalation') {
        for (const b of await this.store.openReportsByBodyAddress(tx, p.id)) {
          items.push({ kind: 'escalation', periodId: p.id, slot: slot.key, recipient: b.recipient, recipientUserId: null, mail: escalationMail(this.ctx(), p.id, p.submissionDeadline, b.lines, 'body') });
        }
        const open = await this.store.openReports(tx, p.id);
        if (open.length) {
          const lines: ReportLine[] = open.map((r) => ({ reportId: r.report_id, reference: r.reference, text: r.text, body: r.body, state: r.state }));
          for (const r of await this.store.reviewers(tx, false)) {
            items.push({ kind: 'escalation', periodId: p.id, slot: slot.key, recipient: r.email, recipientUserId: r.id, mail: escalationMail(this.ctx(), p.id, p.submissionDeadline, lines, 'reviewer') });
          }
        }
      }
      return (await this.store.insert(tx, items)).length;
    });
  }

  /** Reviewers get what was submitted, at most one digest per 15-minute window. */
  private async submittedDigests(em: EntityManager, now: Date): Promise<number> {
    const windowEnd = Math.floor(now.getTime() / SUBMITTED_DIGEST_WINDOW_MS) * SUBMITTED_DIGEST_WINDOW_MS;
    const rows = await em.execute<Array<{ window: string; period_id: string; report_id: string; reference: string; text: string; body: string; state: string }>>(
      `select distinct on (w.window, r.id) w.window, r.period_id, r.id as report_id, c.reference, c.reference_sort, c.text, r.body_code as body, r.state
         from report_submission s
         join report r on r.id = s.report_id
         join "case" c on c.id = r.case_id
         cross join lateral (select (floor(extract(epoch from s.submitted_at) * 1000 / ?) * ?)::bigint::text as window) w
        where s.submitted_at >= ? and s.submitted_at < ?
        order by w.window, r.id`,
      [SUBMITTED_DIGEST_WINDOW_MS, SUBMITTED_DIGEST_WINDOW_MS, new Date(windowEnd - 24 * 3_600_000), new Date(windowEnd)],
    );
    if (!rows.length) return 0;
    const reviewers = await this.store.reviewers(em, true);
    const groups = new Map<string, { window: string; periodId: string; lines: ReportLine[] }>();
    for (const r of rows) {
      const key = `${r.window}|${r.period_id}`;
      const g = groups.get(key) ?? { window: r.window, periodId: r.period_id, lines: [] };
      g.lines.push({ reportId: r.report_id, reference: r.reference, text: r.text, body: r.body, state: r.state });
      groups.set(key, g);
    }
    const items: NewNotification[] = [];
    for (const g of groups.values()) {
      for (const rv of reviewers) {
        items.push({ kind: 'submitted', periodId: g.periodId, slot: `submitted-${g.window}`, recipient: rv.email, recipientUserId: rv.id, mail: submittedDigestMail(this.ctx(), g.periodId, g.lines) });
      }
    }
    return (await this.store.insert(em, items)).length;
  }

  /** Every queued notification gets a send job (deterministic id: a second add is a no-op). */
  private async enqueueQueued(em: EntityManager, now: Date): Promise<number> {
    const staleBefore = new Date(now.getTime() - this.config.env.NOTIFY_STALE_CLAIM_SECONDS * 1000);
    const rows = await em.execute<{ id: string }[]>(
      `select id from notification where state = 'queued' and (claimed_at is null or claimed_at < ?) order by created_at limit 5000`,
      [staleBefore],
    );
    for (const r of rows) await this.enqueueSend(r.id);
    return rows.length;
  }

  async enqueueSend(id: string, attempt = ''): Promise<void> {
    await this.queue.add(JobName.SendNotification, { id }, {
      jobId: `send-${id}${attempt ? `-${attempt}` : ''}`,
      attempts: this.config.env.NOTIFY_MAX_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.env.NOTIFY_BACKOFF_MS, jitter: 0.5 },
    });
  }
}
