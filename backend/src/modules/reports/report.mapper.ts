import { compareSwedish, type CaseKind, type Report, type ReportState, type Submission } from '@uppsikt/shared';
import { isoOrNull as iso } from '../../common/iso.js';
import type { ReportEntity } from './report.entity.js';

/** A report with its case, and one of its contributions (or none): reports repeat per contribution. */
export interface ReportRow {
  id: string;
  period_id: string;
  body_code: string;
  state: ReportState;
  status: string | null;
  summary: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  version: number;
  submitted_at: Date | string | null;
  submitted_by_id: string | null;
  approved_at: Date | string | null;
  approved_by_id: string | null;
  return_comment: string | null;
  returned_at: Date | string | null;
  returned_by_name: string | null;
  updated_at: Date | string;
  reference: string;
  kind: CaseKind;
  text: string;
  title: string | null;
  ct_body: string | null;
  ct_text: string | null;
  ct_written_at: Date | string | null;
  ct_version: number | null;
}

/**
 * The one mapping of a `Report` (every read and every write answers with it): folds the rows of
 * `ReportRepository` (one per report and contribution, a report's rows adjacent) into reports.
 */
export function toReports(rows: ReportRow[]): Report[] {
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
        summary: r.summary,
        comment: r.comment,
        forecast: r.forecast,
        trend: r.trend,
        version: r.version,
        submittedAt: iso(r.submitted_at),
        submittedBy: r.submitted_by_id,
        approvedAt: iso(r.approved_at),
        approvedBy: r.approved_by_id,
        returnComment: r.return_comment,
        returnedAt: iso(r.returned_at),
        returnedBy: r.returned_by_name,
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

export interface SubmissionRow {
  submitted_at: Date | string;
  submitted_by_name: string;
  status: string | null;
  summary: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
}

export function toSubmission(s: SubmissionRow): Submission {
  return { submittedAt: iso(s.submitted_at)!, submittedBy: s.submitted_by_name, status: s.status, summary: s.summary, comment: s.comment, forecast: s.forecast, trend: s.trend };
}

/** What the audit records of a report, the same for every path that writes one (API and import). */
export function reportSnapshot(r: ReportEntity): Record<string, unknown> {
  return { state: r.state, body: r.body.code, status: r.status, summary: r.summary, comment: r.comment, forecast: r.forecast, trend: r.trend, returnComment: r.returnComment };
}

/** `reportSnapshot` of a report as it is read (`Report`), the same fields. */
export function reportViewSnapshot(r: Report): Record<string, unknown> {
  return { state: r.state, body: r.body, status: r.status, summary: r.summary, comment: r.comment, forecast: r.forecast, trend: r.trend, returnComment: r.returnComment };
}
