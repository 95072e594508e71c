import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ReminderSend } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { notFound } from '../../common/errors.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { DigestComposer, reportCounts } from './digest-composer.js';
import { NotificationRepository } from './notification.repository.js';
import { Reconciler } from './reconciler.js';
import { dueSlots, type DeadlineSlot } from './slots.js';

interface Sendout {
  recipient: string;
  counts: Record<string, number>;
}

/** One row per body: everyone whose digest lists that body's reports, and how many reports it lists. */
function byBody(slot: DeadlineSlot, state: ReminderSend['state'], sendouts: Sendout[]): ReminderSend[] {
  const bodies = new Map<string, { recipients: Set<string>; reports: number }>();
  for (const s of sendouts) {
    for (const [body, n] of Object.entries(s.counts)) {
      const b = bodies.get(body) ?? { recipients: new Set<string>(), reports: 0 };
      b.recipients.add(s.recipient);
      b.reports = Math.max(b.reports, n);
      bodies.set(body, b);
    }
  }
  const at = slot.fireAt.toISOString();
  if (!bodies.size) return [{ at, kind: slot.kind, body: null, recipients: [], reports: 0, state }];
  return [...bodies]
    .sort(([a], [b]) => a.localeCompare(b, 'sv'))
    .map(([body, b]) => ({ at, kind: slot.kind, body, recipients: [...b.recipients].sort(), reports: b.reports, state }));
}

/**
 * Who gets which reminder or escalation when: a slot that has gone out shows the notifications it
 * created; a slot still ahead shows what the composer that sends it would create now (the same
 * code, so the preview cannot disagree with what goes out); a slot that passed without mail is skipped.
 */
@Injectable()
export class ReminderPlanService {
  constructor(
    private readonly em: EntityManager,
    private readonly reconciler: Reconciler,
    private readonly composer: DigestComposer,
    private readonly repo: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  async plan(periodId: string): Promise<ReminderSend[]> {
    const p = await this.em.findOne(PeriodEntity, { id: periodId });
    if (!p) throw notFound(`Perioden ${periodId}`);
    const now = this.clock.now();
    let slots: DeadlineSlot[] = [];
    try {
      slots = this.reconciler.slotsOf(p);
    } catch {
      // Offsets the API refuses (written past it): nothing is planned, and the reconciler logs it.
    }
    const due = new Set(dueSlots(slots, p.submissionDeadline, now).map((s) => s.key));
    const sent = await this.repo.sentBySlot(p.id);
    const rows: ReminderSend[] = [];
    for (const slot of slots) {
      const created = sent.get(slot.key);
      if (created) rows.push(...byBody(slot, 'sent', created));
      else if (p.state === 'open' && (slot.fireAt > now || due.has(slot.key))) {
        const digests = await this.composer.deadlinePlan(p, slot);
        rows.push(...byBody(slot, 'planned', digests.map((d) => ({ recipient: d.recipient, counts: reportCounts(d.lines) }))));
      } else rows.push(...byBody(slot, 'skipped', []));
    }
    return rows;
  }
}
