import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { WRITABLE_REPORT_STATES, type NotificationKind, type NotificationListQuery } from '@uppsikt/shared';
import type { z } from 'zod';
import { Sql } from '../../infra/database/sql.js';
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
  /**
   * The mail, or how to render it: notifications that share one (the same object or function) are
   * stored from one rendering, and a function is called only when the insert statement that stores
   * it is built, so a slot's thousands of digests are never all held rendered at once.
   */
  mail: Rendered | (() => Rendered);
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
  reference_sort?: string;
  reference: string;
  text: string;
  body: string;
  state: string;
}

/** One row of an insert statement; `mail` indexes the statement's distinct mails. */
interface InsertRow {
  dedupe_key: string;
  kind: NotificationKind;
  period_id: string | null;
  slot: string;
  recipient: string;
  recipient_user_id: string | null;
  report_counts: Record<string, number>;
  mail: number;
}

/** A line's reference_sort, for merging several bodies' lines in reference order. */
const sortKey = new WeakMap<ReportLine, string>();

function byReference(a: ReportLine, b: ReportLine): number {
  const x = sortKey.get(a) ?? '';
  const y = sortKey.get(b) ?? '';
  return x < y ? -1 : x > y ? 1 : a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0;
}

const line = (r: LineRow): ReportLine => ({ reportId: r.report_id, reference: r.reference, text: r.text, body: r.body, state: r.state });

function group(rows: LineRow[]): RecipientLines[] {
  const map = new Map<string, RecipientLines & { seen: Set<string> }>();
  for (const r of rows) {
    let g = map.get(r.key);
    if (!g) map.set(r.key, (g = { recipient: r.key, userId: r.user_id, lines: [], seen: new Set() }));
    if (g.seen.has(r.report_id)) continue;
    g.seen.add(r.report_id);
    g.lines.push(line(r));
  }
  return [...map.values()].map(({ recipient, userId, lines }) => ({ recipient, userId, lines }));
}

/** Reports a board still owes (not yet submitted): the states it may still write a report in. */
const OPEN = `(${WRITABLE_REPORT_STATES.map((s) => `'${s}'`).join(', ')})`;

/** Rows per insert statement at most: one statement per batch, never one per recipient. */
const INSERT_BATCH = 500;

/**
 * Rendered mail (characters of subject, text and HTML) per insert statement at most, about eight
 * 90-report digests; a single larger mail gets a statement of its own. A statement's mails are live
 * twice while it runs (the rendered strings and their JSON parameter), and V8 lets a worker's heap
 * grow to half again what is live after a full GC: at 100 mails a statement (a whole chunk) a slot of
 * 3,000 digests kept 14 MB more live in the composing worker (issue 18.3).
 */
export const INSERT_MAIL_CHARS = 256 * 1024;

/**
 * The insert of one statement: its rows (`$1`, JSON) point by index at its distinct mails, each bound
 * as three text parameters of its own (`$2`–`$4` the first mail's subject, text and HTML): three
 * editors of a body share one rendered digest instead of sending it three times, and no mail is
 * copied into one large JSON string (a 256 kB string is a large object to V8, promoted to the old
 * generation at the first scavenge it survives: the composing worker's large-object space grew by
 * 20 MB of such parameters between two full GCs; issue 18.3).
 */
function insertSql(mails: number): string {
  const values = Array.from({ length: mails }, (_, i) => `(${i}, $${3 * i + 2}::text, $${3 * i + 3}::text, $${3 * i + 4}::text)`).join(', ');
  return `
  with mail (i, subject, body_text, body_html) as (values ${values})
  insert into notification (id, dedupe_key, kind, period_id, slot, recipient, recipient_user_id, report_counts, subject, body_text, body_html, state, attempts, possible_duplicate, created_at)
  select gen_random_uuid(), x.dedupe_key, x.kind, x.period_id, x.slot, x.recipient, x.recipient_user_id, coalesce(x.report_counts, '{}'), m.subject, m.body_text, m.body_html, 'queued', 0, false, now()
    from json_to_recordset($1::json) as x(dedupe_key text, kind text, period_id text, slot text, recipient text, recipient_user_id uuid, report_counts jsonb, mail int)
    join mail m on m.i = x.mail
  on conflict (dedupe_key) do nothing
  returning id`;
}

/**
 * All SQL about notifications: who is owed which mail, the exactly-once insert, the send claim and
 * its settlement, the admin list. `?` placeholders (MikroORM) or `$n` (the Sql helper: the slot's
 * queries, the insert and the send path); every method takes the caller's transaction when it runs inside one.
 */
@Injectable()
export class NotificationRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
  ) {}

  private db(tx?: EntityManager): EntityManager {
    return tx ?? this.em;
  }

  /**
   * Editors of bodies that still have unsubmitted reports, each with all of their open reports. Every
   * body's lines are read once per chunk and shared by its editors (three editors of a body list the
   * same array), not joined per editor: one row per open report, not one per (editor, report).
   */
  async openReportsByEditor(periodId: string, tx?: EntityManager): Promise<RecipientLines[]> {
    const all: RecipientLines[] = [];
    for await (const chunk of this.openReportsByEditorInChunks(periodId, tx)) all.push(...chunk);
    return all;
  }

  /**
   * The same digests chunk by chunk: the editors of about `bodiesPerChunk` bodies at a time (an
   * editor of several bodies comes with all of them), so a slot over 90,000 open reports never
   * holds them all at once (the composing worker peaked at 312 MB; issue 18.3).
   */
  async *openReportsByEditorInChunks(periodId: string, tx?: EntityManager, bodiesPerChunk = 100): AsyncGenerator<RecipientLines[]> {
    const [{ bodies }] = await this.sql.query<{ bodies: string[] }>(
      `select coalesce(array_agg(distinct r.body_code), '{}') as bodies from report r where r.period_id = $1 and r.state in ${OPEN}`,
      [periodId],
      tx,
    );
    if (!bodies.length) return;
    const editors = await this.sql.query<{ recipient: string; user_id: string; bodies: string[] }>(
      `select lower(u.email) as recipient, (array_agg(u.id order by u.id))[1] as user_id, array_agg(distinct g.body_code order by g.body_code) as bodies
         from role_grant g join app_user u on u.id = g.user_id and u.active
        where g.role = 'editor' and g.body_code = any($1::text[])
        group by lower(u.email)
        order by bodies, recipient`,
      [bodies],
      tx,
    );
    let chunk: typeof editors = [];
    const chunkBodies = new Set<string>();
    const flush = async (): Promise<RecipientLines[]> => {
      const byBody = await this.openLinesByBody(periodId, [...chunkBodies], tx);
      const merged = new Map<string, ReportLine[]>();
      const digests = chunk.map((e) => {
        const key = e.bodies.join('|');
        let lines = merged.get(key);
        if (!lines) {
          lines = e.bodies.length === 1 ? (byBody.get(e.bodies[0]!) ?? []) : e.bodies.flatMap((b) => byBody.get(b) ?? []).sort(byReference);
          merged.set(key, lines);
        }
        return { recipient: e.recipient, userId: e.user_id, lines };
      });
      chunk = [];
      chunkBodies.clear();
      return digests.filter((d) => d.lines.length);
    };
    for (const e of editors) {
      // Editors come ordered by their bodies, so a body's editors share a chunk (and its lines).
      if (chunkBodies.size >= bodiesPerChunk && !e.bodies.every((b) => chunkBodies.has(b))) yield await flush();
      chunk.push(e);
      for (const b of e.bodies) chunkBodies.add(b);
    }
    if (chunk.length) yield await flush();
  }

  /** The open reports of the period per body (of `bodies`), each body's in reference order. */
  private async openLinesByBody(periodId: string, bodies: readonly string[], tx?: EntityManager): Promise<Map<string, ReportLine[]>> {
    const rows = await this.sql.query<LineRow>(
      `select r.id as report_id, c.reference, c.reference_sort, c.text, r.body_code as body, r.state
         from report r join "case" c on c.id = r.case_id
        where r.period_id = $1 and r.state in ${OPEN} and r.body_code = any($2::text[])
        order by r.body_code, c.reference_sort, r.id`,
      [periodId, bodies],
      tx,
    );
    const byBody = new Map<string, ReportLine[]>();
    for (const r of rows) {
      const l = line(r);
      sortKey.set(l, r.reference_sort ?? '');
      let list = byBody.get(r.body);
      if (!list) byBody.set(r.body, (list = []));
      list.push(l);
    }
    return byBody;
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

  /**
   * Inserts the notifications that do not exist yet (unique key: kind, period, recipient, slot); returns
   * the new ids. Each distinct mail is rendered once, when its statement is built, and is dropped with
   * it: at most `INSERT_MAIL_CHARS` of rendered mail and `INSERT_BATCH` rows per statement.
   */
  async insert(items: NewNotification[], tx?: EntityManager): Promise<string[]> {
    const rows = new Map<string, NewNotification & { dedupeKey: string }>();
    for (const n of items) {
      const recipient = n.recipient.toLowerCase();
      const key = [n.kind, n.periodId ?? '-', recipient, n.slot].join('|');
      rows.set(key, { ...n, recipient, dedupeKey: key });
    }
    // Those sharing a mail side by side, so each mail is rendered once and sent to PostgreSQL once per statement.
    const byMail = new Map<NewNotification['mail'], Array<NewNotification & { dedupeKey: string }>>();
    for (const n of rows.values()) {
      const list = byMail.get(n.mail);
      if (list) list.push(n);
      else byMail.set(n.mail, [n]);
    }
    const ids: string[] = [];
    let mails: Rendered[] = [];
    let batch: InsertRow[] = [];
    let chars = 0;
    const flush = async () => {
      // Bound as parameters (the Sql helper), never inlined into the statement's text.
      const params = [JSON.stringify(batch), ...mails.flatMap((m) => [m.subject, m.text, m.html])];
      const text = insertSql(mails.length);
      mails = [];
      batch = [];
      chars = 0;
      const created = await this.sql.query<{ id: string }>(text, params, tx);
      for (const r of created) ids.push(r.id);
    };
    for (const [mail, group] of byMail) {
      const rendered = typeof mail === 'function' ? mail() : mail;
      const size = rendered.subject.length + rendered.text.length + rendered.html.length;
      if (batch.length && chars + size > INSERT_MAIL_CHARS) await flush();
      let index = -1;
      for (const n of group) {
        if (batch.length >= INSERT_BATCH) {
          await flush();
          index = -1;
        }
        if (index < 0) {
          index = mails.push(rendered) - 1;
          chars += size;
        }
        batch.push({ dedupe_key: n.dedupeKey, kind: n.kind, period_id: n.periodId, slot: n.slot, recipient: n.recipient, recipient_user_id: n.recipientUserId, report_counts: n.reportCounts ?? {}, mail: index });
      }
    }
    if (batch.length) await flush();
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
    const rows = await this.sql.query<{ id: string }>(
      `select id from notification where state = 'queued' and (claimed_at is null or claimed_at < $1) order by created_at limit $2`,
      [staleBefore, limit],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** Takes a queued notification for one SMTP attempt; a second claim of an unsettled one marks a possible duplicate. */
  async claim(id: string, now: Date, tx?: EntityManager): Promise<ClaimedNotification | undefined> {
    const [row] = await this.sql.query<ClaimedNotification>(
      `update notification set attempts = attempts + 1, possible_duplicate = possible_duplicate or claimed_at is not null, claimed_at = $1
        where id = $2 and state = 'queued'
        returning id, recipient, subject, body_text, body_html`,
      [now, id],
      tx,
    );
    return row;
  }

  async markSent(id: string, at: Date, messageId: string, tx?: EntityManager): Promise<void> {
    await this.sql.execute(`update notification set state = 'sent', sent_at = $1, message_id = $2, claimed_at = null, last_error = null where id = $3`, [at, messageId, id], tx);
  }

  /** Releases the claim after a failed attempt: queued for the next try, or failed after the last. */
  async markAttemptFailed(id: string, error: string, last: boolean, tx?: EntityManager): Promise<void> {
    await this.sql.execute(`update notification set claimed_at = null, last_error = $1, state = $2 where id = $3`, [error.slice(0, 1000), last ? 'failed' : 'queued', id], tx);
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
