import { offsetFireTime } from '@uppsikt/shared';

export interface DeadlineSlot {
  kind: 'reminder' | 'escalation';
  offset: string;
  fireAt: Date;
  /** Stable id of the slot, used in dedupe keys and job ids (no ':'). */
  key: string;
}

export interface SlotPeriod {
  id: string;
  submissionDeadline: Date;
  reminderOffsets: string[];
  escalationOffsets: string[];
}

/** Every reminder and escalation slot of a period, in time order. Throws on an offset the API would refuse. */
export function deadlineSlots(p: SlotPeriod, reminderHour: number): DeadlineSlot[] {
  const slots: DeadlineSlot[] = [];
  for (const offset of p.reminderOffsets) {
    const fireAt = offsetFireTime(p.submissionDeadline, offset, -1, reminderHour);
    slots.push({ kind: 'reminder', offset, fireAt, key: `reminder-${offset}-${fireAt.getTime()}` });
  }
  for (const offset of p.escalationOffsets) {
    const fireAt = offsetFireTime(p.submissionDeadline, offset, 1, reminderHour);
    slots.push({ kind: 'escalation', offset, fireAt, key: `escalation-${offset}-${fireAt.getTime()}` });
  }
  return slots.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/** How long after its fire time a missed slot is still sent (a worker that was down catches up). */
export const CATCH_UP_MS = 24 * 3_600_000;

/**
 * The slots due now: fired, not older than the catch-up window, and not superseded by a later
 * slot of the same kind that has also fired (nobody needs yesterday's reminder beside today's).
 * Reminders stop at the deadline.
 */
export function dueSlots(slots: DeadlineSlot[], deadline: Date, now: Date): DeadlineSlot[] {
  const fired = slots.filter((s) => s.fireAt <= now && now.getTime() - s.fireAt.getTime() <= CATCH_UP_MS);
  return fired.filter((s) => {
    if (s.kind === 'reminder' && now >= deadline) return false;
    return !fired.some((o) => o.kind === s.kind && o.fireAt > s.fireAt);
  });
}

export function futureSlots(slots: DeadlineSlot[], now: Date): DeadlineSlot[] {
  return slots.filter((s) => s.fireAt > now);
}
