import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationKind } from '@uppsikt/shared';
import type { Rendered, ReportLine } from './templates.js';

export interface NewNotification {
  kind: NotificationKind;
  periodId: string | null;
  slot: string;
  recipient: string;
  recipientUserId: string | null;
  mail: Rendered;
}

export interface RecipientLines {
  recipient: string;
  userId: string | null;
  lines: ReportLine[];
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

function group(rows: LineRow[]): RecipientLines[] {
  const map = new Map<string, RecipientLines>();
  for (const r of rows) {
    const g = map.get(r.key) ?? { recipient: r.key, userId: r.user_id, lines: [] };
    if (!g.lines.some((l) => l.reportId === r.report_id)) g.lines.push({ reportId: r.report_id, reference: r.reference, text: r.text, body: r.body, state: r.state });
    map.set(r.key, g);
  }
  return [...map.values()];
}

const OPEN = `('not_started', 'draft', 'returned')`;

/** SQL for who is owed which mail, and the exactly-once insert. */
@Injectable()
export class NotificationStore {
  /** Editors of bodies that still have unsubmitted reports, each with all of their open reports. */
  async openReportsByEditor(em: EntityManager, periodId: string): Promise<RecipientLines[]> {
    return group(
      await em.execute<LineRow[]>(
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
  async openReportsByBodyAddress(em: EntityManager, periodId: string): Promise<RecipientLines[]> {
    return group(
      await em.execute<LineRow[]>(
        `select lower(b.email) as key, null as user_id, r.id as report_id, c.reference, c.reference_sort, c.text, r.body_code as body, r.state
           from report r join "case" c on c.id = r.case_id join body b on b.code = r.body_code
          where r.period_id = ? and r.state in ${OPEN} and b.email is not null and b.email <> ''
          order by key, c.reference_sort`,
        [periodId],
      ),
    );
  }

  async openReports(em: EntityManager, periodId: string) {
    return em.execute<LineRow[]>(
      `select '' as key, null as user_id, r.id as report_id, c.reference, c.text, r.body_code as body, r.state
         from report r join "case" c on c.id = r.case_id
        where r.period_id = ? and r.state in ${OPEN} order by r.body_code, c.reference_sort`,
      [periodId],
    );
  }

  async reviewers(em: EntityManager, onlyWithWorkflowMail: boolean): Promise<Array<{ id: string; email: string }>> {
    return em.execute(
      `select distinct u.id, lower(u.email) as email from app_user u join role_grant g on g.user_id = u.id and g.role = 'reviewer'
        where u.active ${onlyWithWorkflowMail ? 'and u.workflow_mail' : ''} order by email`,
    );
  }

  async editorsOf(em: EntityManager, bodyCode: string): Promise<Array<{ id: string; email: string }>> {
    return em.execute(
      `select distinct u.id, lower(u.email) as email from app_user u join role_grant g on g.user_id = u.id and g.role = 'editor' and g.body_code = ?
        where u.active and u.workflow_mail order by email`,
      [bodyCode],
    );
  }

  /** Inserts the notifications that do not exist yet; returns the ids of the new ones. */
  async insert(em: EntityManager, items: NewNotification[]): Promise<string[]> {
    const ids: string[] = [];
    for (const n of items) {
      const key = [n.kind, n.periodId ?? '-', n.recipient.toLowerCase(), n.slot].join('|');
      const rows = await em.execute<{ id: string }[]>(
        `insert into notification (id, dedupe_key, kind, period_id, slot, recipient, recipient_user_id, subject, body_text, body_html, state, attempts, possible_duplicate, created_at)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, false, now())
         on conflict (dedupe_key) do nothing returning id`,
        [key, n.kind, n.periodId, n.slot, n.recipient.toLowerCase(), n.recipientUserId, n.mail.subject, n.mail.text, n.mail.html],
      );
      if (rows[0]) ids.push(rows[0].id);
    }
    return ids;
  }
}
