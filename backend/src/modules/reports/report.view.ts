import { compareSwedish, type Report } from '@uppsikt/shared';
import { isoOrNull as iso } from '../../common/iso.js';
import type { ReportEntity } from './report.entity.js';

/** Needs `case` and `contributions` loaded. */
export function reportView(r: ReportEntity): Report {
  return {
    id: r.id,
    case: { reference: r.case.reference, kind: r.case.kind, text: r.case.text, title: r.case.title },
    period: r.period.id,
    body: r.body.code,
    state: r.state,
    status: r.status,
    comment: r.comment,
    forecast: r.forecast,
    trend: r.trend,
    version: r.version,
    submittedAt: iso(r.submittedAt),
    submittedBy: r.submittedBy?.id ?? null,
    approvedAt: iso(r.approvedAt),
    approvedBy: r.approvedBy?.id ?? null,
    returnComment: r.returnComment,
    updatedAt: r.updatedAt.toISOString(),
    contributions: r.contributions
      .getItems()
      .map((c) => ({ body: c.body.code, text: c.text, updatedAt: iso(c.writtenAt), version: c.version }))
      .sort((a, b) => compareSwedish(a.body, b.body)),
  };
}

export function reportSnapshot(r: ReportEntity): Record<string, unknown> {
  return { state: r.state, status: r.status, comment: r.comment, forecast: r.forecast, trend: r.trend, returnComment: r.returnComment };
}
