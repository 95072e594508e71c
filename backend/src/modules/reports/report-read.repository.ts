import { Injectable } from '@nestjs/common';
import { compareSwedish, type CaseKind, type Report, type ReportState } from '@uppsikt/shared';
import { isoOrNull as iso } from '../../common/iso.js';
import { pageTotalSql, Params, ReadDb } from '../../infra/database/read-db.js';

/** A report with its case, and one of its contributions (or none): reports repeat per contribution. */
interface ReportRow {
  id: string;
  period_id: string;
  body_code: string;
  state: ReportState;
  status: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  version: number;
  submitted_at: Date | null;
  submitted_by_id: string | null;
  approved_at: Date | null;
  approved_by_id: string | null;
  return_comment: string | null;
  updated_at: Date;
  reference: string;
  kind: CaseKind;
  text: string;
  title: string | null;
  ct_body: string | null;
  ct_text: string | null;
  ct_written_at: Date | null;
  ct_version: number | null;
}

export interface ReportReadFilter {
  period?: string;
  body?: string;
  /** One state or several. */
  states?: string[];
  caseReference?: string;
  kind?: CaseKind;
}

const REPORT_COLUMNS = `r.id, r.period_id, r.body_code, r.state, r.status, r.comment, r.forecast, r.trend, r.version, r.submitted_at, r.submitted_by_id,
  r.approved_at, r.approved_by_id, r.return_comment, r.updated_at, c.reference, c.kind, c.text, c.title,
  ct.body_code as ct_body, ct.text as ct_text, ct.written_at as ct_written_at, ct.version as ct_version`;

/**
 * Report lists in plain SQL (hot paths: "Mina rapporter", Granskning, the case page): one
 * statement pages, joins case and contributions and counts; nothing is hydrated.
 */
@Injectable()
export class ReportReadRepository {
  constructor(private readonly db: ReadDb) {}

  async list(f: ReportReadFilter, page: { limit: number; offset: number }): Promise<{ items: Report[]; total: number }> {
    const where: string[] = [];
    const p = new Params();
    if (f.period) where.push(`r.period_id = ${p.add(f.period)}`);
    if (f.body) where.push(`r.body_code = ${p.add(f.body)}`);
    if (f.states) where.push(`r.state = any(${p.add(f.states)}::text[])`);
    if (f.caseReference) where.push(`c.reference = ${p.add(f.caseReference)}`);
    if (f.kind) where.push(`c.kind = ${p.add(f.kind)}`);
    const from = `from report r join "case" c on c.id = r.case_id ${where.length ? `where ${where.join(' and ')}` : ''}`;
    const limit = p.add(page.limit);
    const offset = p.add(page.offset);
    const rows = await this.db.query<ReportRow & { total: string }>(
      `with page as (select r.id, c.reference_sort, r.period_id ${from} order by c.reference_sort asc, r.period_id desc limit ${limit} offset ${offset})
       select ${REPORT_COLUMNS}, ${pageTotalSql(from, limit, offset)} as total
         from page join report r on r.id = page.id join "case" c on c.id = r.case_id left join contribution ct on ct.report_id = r.id
        order by page.reference_sort asc, page.period_id desc, r.id`,
      p.values,
    );
    if (rows.length) return { items: toReports(rows), total: Number(rows[0].total) };
    if (page.offset === 0) return { items: [], total: 0 };
    return { items: [], total: await this.db.count(from, p.values.slice(0, -2)) };
  }

  /** Every report of a case, newest period first; `states` limits them. */
  async ofCase(reference: string, states?: string[]): Promise<Report[]> {
    const rows = await this.db.query<ReportRow>(
      `select ${REPORT_COLUMNS}
         from "case" c join report r on r.case_id = c.id ${states ? 'and r.state = any($2::text[])' : ''}
         left join contribution ct on ct.report_id = r.id
        where c.reference = $1
        order by r.period_id desc, r.id`,
      states ? [reference, states] : [reference],
    );
    return toReports(rows);
  }
}

/** Folds the rows (one per report and contribution, a report's rows adjacent) into reports. */
function toReports(rows: ReportRow[]): Report[] {
  const out: Report[] = [];
  let last = null as Report | null;
  for (const r of rows) {
    if (last?.id !== r.id) {
      last = {
        id: r.id,
        case: { reference: r.reference, kind: r.kind, text: r.text, title: r.title },
        period: r.period_id,
        body: r.body_code,
        state: r.state,
        status: r.status,
        comment: r.comment,
        forecast: r.forecast,
        trend: r.trend,
        version: r.version,
        submittedAt: iso(r.submitted_at),
        submittedBy: r.submitted_by_id,
        approvedAt: iso(r.approved_at),
        approvedBy: r.approved_by_id,
        returnComment: r.return_comment,
        updatedAt: iso(r.updated_at)!,
        contributions: [],
      };
      out.push(last);
    }
    if (r.ct_body !== null) last.contributions.push({ body: r.ct_body, text: r.ct_text ?? '', updatedAt: iso(r.ct_written_at), version: r.ct_version ?? 0 });
  }
  for (const report of out) if (report.contributions.length > 1) report.contributions.sort((a, b) => compareSwedish(a.body, b.body));
  return out;
}
