import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { WRITABLE_REPORT_STATES, type NotificationKind, type NotificationListQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { NotificationEntity } from './notification.entity.js';
import type { Rendered, ReportLine } from './templates.js';

export interface NewNotification {
  kind: NotificationKind;
  periodId: string | null;
  slot: string;
  recipient: string;
  recipientUserId: string | null;
  /** How many reports of each body the mail lists (what the reminder preview shows once sent). */
  reportCounts?: Record<string, number>;
  mail: Rendered;
}

/** Someone owed a digest, with the reports it lists. */
export interface RecipientLines {
  recipient: string;
  userId: string | null;
  lines: ReportLine[];
}

export interface Person {
  id: string;
  email: string;
}

export interface Submission extends ReportLine {
  window: string;
  periodId: string;
}

export interface ClaimedNotification {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
}

interface LineRow {
  key: string;
  user_id: string | null;
  report_id: string;
  reference: string;
  text: string;
  body: string;
  state: string;
}

const line = (r: LineRow): ReportLine => ({ reportId: r.report_id, reference: r.reference, text: r.text, body: r.body, state: r.state });

function group(rows: LineRow[]): RecipientLines[] {
  const map = new Map<string, RecipientLines>();
  for (const r of rows) {
    const g = map.get(r.key) ?? { recipient: r.key, userId: r.user_id, lines: [] };
    if (!g.lines.some((l) => l.reportId === r.report_id)) g.lines.push(line(r));
    map.set(r.key, g);
  }
  return [...map.values()];
}

/** Reports a board still owes (not yet submitted): the states it may still write a report in. */
const OPEN = `(${WRITABLE_REPORT_STATES.map((s) => `'${s}'`).join(', ')})`;

/** Rows per insert statement: one statement per batch, never one per recipient. */
const INSERT_BATCH = 1000;

const INSERT_SQL = `
  insert into notification (id, dedupe_key, kind, period_id, slot, recipient, recipient_user_id, report_counts, subject, body_text, body_html, state, attempts, possible_duplicate, created_at)
  select gen_random_uuid(), x.dedupe_key, x.kind, x.period_id, x.slot, x.recipient, x.recipient_user_id, coalesce(x.report_counts, '{}'), x.subject, x.body_text, x.body_html, 'queued', 0, false, now()
    from json_to_recordset(?::json) as x(dedupe_key text, kind text, period_id text, slot text, recipient text, recipient_user_id uuid, report_counts jsonb, subject text, body_text text, body_html text)
  on conflict (dedupe_key) do nothing
  returning id`;

/**
 * All SQL about notifications: who is owed which mail, the exactly-once insert, the send claim and
 * its settlement, the admin list. `?` placeholders only; every method takes the caller's
 * transaction when it runs inside one.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly em: EntityManager) {}

  private db(tx?: EntityManager): EntityManager {
    return tx ?? this.em;
  }

  /** Editors of bodies that still have unsubmitted reports, each with all of their open reports. */
  async openReportsByEditor(periodId: string, tx?: EntityManager): Promise<RecipientLines[]> {
    return group(
      await this.db(tx).execute<LineRow[]>(
        `select distinct lower(u.email) as key, u.id as user_id, r.id as report_id, c.reference, c.reference_sort, c.text, r.body_code as body, r.state
           from report r
           join "case" c on c.id = r.case_id
           join role_grant g on g.role = 'editor' and g.body_code = r.body_code
           join app_user u on u.id = g.user_id and u.active
          where r.period_id = ? and r.state in ${OPEN}
          order by key, c.reference_sort`,
        [periodId],
      ),
    );
  }

  /** Each late body's own e-mail address, with its open reports. */
  async openReportsByBodyAddress(periodId: string, tx?: EntityManager): Promise<RecipientLines[]> {
    return group(
      await this.db(tx).execute<LineRow[]>(
        `select lower(b.email) as key, null as user_id, r.id as report_id, c.reference, c.reference_sort, c.text, r.body_code as body, r.state
           from report r join "case" c on c.id = r.case_id join body b on b.code = r.body_code
          where r.period_id = ? and r.state in ${OPEN} and b.email is not null and b.email <> ''
          order by key, c.reference_sort`,
        [periodId],
      ),
    );
  }

  /** Every open report of the period, by body and reference. */
  async openReports(periodId: string, tx?: EntityManager): Promise<ReportLine[]> {
    const rows = await this.db(tx).execute<LineRow[]>(
      `select '' as key, null as user_id, r.id as report_id, c.reference, c.text, r.body_code as body, r.state
         from report r join "case" c on c.id = r.case_id
        where r.period_id = ? and r.state in ${OPEN} order by r.body_code, c.reference_sort`,
      [periodId],
    );
    return rows.map(line);
  }

  async reviewers(onlyWithWorkflowMail: boolean, tx?: EntityManager): Promise<Person[]> {
    return this.db(tx).execute<Person[]>(
      `select distinct u.id, lower(u.email) as email from app_user u join role_grant g on g.user_id = u.id and g.role = 'reviewer'
        where u.active ${onlyWithWorkflowMail ? 'and u.workflow_mail' : ''} order by email`,
    );
  }

  /** Editors of a body who want mail about their reports' status. */
  async editorsOf(bodyCode: string, tx?: EntityManager): Promise<Person[]> {
    return this.db(tx).execute<Person[]>(
      `select distinct u.id, lower(u.email) as email from app_user u join role_grant g on g.user_id = u.id and g.role = 'editor' and g.body_code = ?
        where u.active and u.workflow_mail order by email`,
      [bodyCode],
    );
  }

  /**
   * Reports submitted in [from, to) that still wait for review, each tagged with the digest window of
   * its submission: the digest lists exactly what the reviewer finds in the review queue.
   */
  async submissionsAwaitingReview(from: Date, to: Date, windowMs: number, tx?: EntityManager): Promise<Submission[]> {
    const rows = await this.db(tx).execute<Array<LineRow & { window: string; period_id: string }>>(
      `select distinct on (w.window, r.id) w.window, r.period_id, r.id as report_id, c.reference, c.reference_sort, c.text, r.body_code as body, r.state
         from report_submission s
         join report r on r.id = s.report_id and r.state = 'submitted'
         join "case" c on c.id = r.case_id
         cross join lateral (select (floor(extract(epoch from s.submitted_at) * 1000 / ?) * ?)::bigint::text as window) w
        where s.submitted_at >= ? and s.submitted_at < ?
        order by w.window, r.id`,
      [windowMs, windowMs, from, to],
    );
    return rows.map((r) => ({ ...line(r), window: r.window, periodId: r.period_id }));
  }

  /**
   * Takes a slot's composition for this transaction: false when another transaction is composing it
   * (advisory lock) or its notifications already exist (they are created in one transaction).
   */
  async claimSlot(periodId: string, slot: string, tx: EntityManager): Promise<boolean> {
    const [row] = await tx.execute<Array<{ claimed: boolean }>>(
      `select pg_try_advisory_xact_lock(hashtext(?)) and not exists (select 1 from notification where period_id = ? and slot = ?) as claimed`,
      [`slot|${periodId}|${slot}`, periodId, slot],
    );
    return row?.claimed === true;
  }

  /** Inserts the notifications that do not exist yet (unique key: kind, period, recipient, slot); returns the new ids. */
  async insert(items: NewNotification[], tx?: EntityManager): Promise<string[]> {
    const rows = new Map<string, Record<string, unknown>>();
    for (const n of items) {
      const recipient = n.recipient.toLowerCase();
      const key = [n.kind, n.periodId ?? '-', recipient, n.slot].join('|');
      rows.set(key, { dedupe_key: key, kind: n.kind, period_id: n.periodId, slot: n.slot, recipient, recipient_user_id: n.recipientUserId, report_counts: n.reportCounts ?? {}, subject: n.mail.subject, body_text: n.mail.text, body_html: n.mail.html });
    }
    const all = [...rows.values()];
    const ids: string[] = [];
    for (let i = 0; i < all.length; i += INSERT_BATCH) {
      const created = await this.db(tx).execute<Array<{ id: string }>>(INSERT_SQL, [JSON.stringify(all.slice(i, i + INSERT_BATCH))]);
      ids.push(...created.map((r) => r.id));
    }
    return ids;
  }

  /** The reminders and escalations a period's slots created: per slot, each recipient with the reports per body. */
  async sentBySlot(periodId: string, tx?: EntityManager): Promise<Map<string, Array<{ recipient: string; counts: Record<string, number> }>>> {
    const rows = await this.db(tx).execute<Array<{ slot: string; recipient: string; report_counts: Record<string, number> }>>(
      `select slot, recipient, report_counts from notification where period_id = ? and kind in ('reminder', 'escalation') order by slot, recipient`,
      [periodId],
    );
    const bySlot = new Map<string, Array<{ recipient: string; counts: Record<string, number> }>>();
    for (const r of rows) bySlot.set(r.slot, [...(bySlot.get(r.slot) ?? []), { recipient: r.recipient, counts: r.report_counts ?? {} }]);
    return bySlot;
  }

  /** Queued notifications nobody is sending now (never claimed, or claimed before `staleBefore`). */
  async queuedIds(staleBefore: Date, limit: number, tx?: EntityManager): Promise<string[]> {
    const rows = await this.db(tx).execute<Array<{ id: string }>>(
      `select id from notification where state = 'queued' and (claimed_at is null or claimed_at < ?) order by created_at limit ?`,
      [staleBefore, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Takes a queued notification for one SMTP attempt; a second claim of an unsettled one marks a possible duplicate. */
  async claim(id: string, now: Date, tx?: EntityManager): Promise<ClaimedNotification | undefined> {
    const [row] = await this.db(tx).execute<ClaimedNotification[]>(
      `update notification set attempts = attempts + 1, possible_duplicate = possible_duplicate or claimed_at is not null, claimed_at = ?
        where id = ? and state = 'queued'
        returning id, recipient, subject, body_text, body_html`,
      [now, id],
    );
    return row;
  }

  async markSent(id: string, at: Date, messageId: string, tx?: EntityManager): Promise<void> {
    await this.db(tx).execute(`update notification set state = 'sent', sent_at = ?, message_id = ?, claimed_at = null, last_error = null where id = ?`, [at, messageId, id]);
  }

  /** Releases the claim after a failed attempt: queued for the next try, or failed after the last. */
  async markAttemptFailed(id: string, error: string, last: boolean, tx?: EntityManager): Promise<void> {
    await this.db(tx).execute(`update notification set claimed_at = null, last_error = ?, state = ? where id = ?`, [error.slice(0, 1000), last ? 'failed' : 'queued', id]);
  }

  async list(q: z.infer<typeof NotificationListQuery>, tx?: EntityManager): Promise<{ rows: NotificationEntity[]; total: number }> {
    const where: FilterQuery<NotificationEntity> = {};
    if (q.period) where.periodId = q.period;
    if (q.to) where.recipient = q.to.toLowerCase();
    if (q.kind) where.kind = q.kind;
    if (q.state) where.state = q.state;
    const [rows, total] = await this.db(tx).findAndCount(NotificationEntity, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { rows, total };
  }

  async findById(id: string, tx?: EntityManager): Promise<NotificationEntity | null> {
    return this.db(tx).findOne(NotificationEntity, { id });
  }
}
