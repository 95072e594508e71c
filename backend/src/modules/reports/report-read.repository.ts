import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CaseKind, Report, ReportState } from '@uppsikt/shared';
import { isoOrNull as iso } from '../../common/iso.js';
import { pgArray } from '../../common/pg-array.js';

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
}

interface ContributionRow {
  report_id: string;
  body_code: string;
  text: string;
  written_at: Date | null;
  version: number;
}

export interface ReportReadFilter {
  caseId?: string;
  period?: string;
  body?: string;
  /** One state or several. */
  states?: string[];
  caseReference?: string;
  kind?: CaseKind;
}


/**
 * Report lists in plain SQL (hot path: "Mina rapporter" and the case page). Gives exactly what
 * `reportView` gives for hydrated entities, without the identity map: one query for the reports
 * with their case, one for their contributions.
 */
@Injectable()
export class ReportReadRepository {
  constructor(private readonly em: EntityManager) {}

  async list(f: ReportReadFilter, page?: { limit: number; offset: number }): Promise<{ items: Report[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.caseId) {
      where.push('r.case_id = ?');
      params.push(f.caseId);
    }
    if (f.period) {
      where.push('r.period_id = ?');
      params.push(f.period);
    }
    if (f.body) {
      where.push('r.body_code = ?');
      params.push(f.body);
    }
    if (f.states) {
      where.push('r.state = any(?::text[])');
      params.push(pgArray(f.states));
    }
    if (f.caseReference) {
      where.push('c.reference = ?');
      params.push(f.caseReference);
    }
    if (f.kind) {
      where.push('c.kind = ?');
      params.push(f.kind);
    }
    const conn = this.em.getConnection();
    const whereSql = where.length ? `where ${where.join(' and ')}` : '';
    const rows = await conn.execute<ReportRow[]>(
      `select r.id, r.period_id, r.body_code, r.state, r.status, r.comment, r.forecast, r.trend, r.version, r.submitted_at, r.submitted_by_id,
              r.approved_at, r.approved_by_id, r.return_comment, r.updated_at, c.reference, c.kind, c.text, c.title
         from report r join "case" c on c.id = r.case_id
         ${whereSql}
        order by c.reference_sort asc, r.period_id desc
        ${page ? 'limit ? offset ?' : ''}`,
      page ? [...params, page.limit, page.offset] : params,
    );
    let total = rows.length;
    if (page && (page.offset > 0 || rows.length === page.limit)) {
      const [{ n }] = await conn.execute<{ n: string }[]>(`select count(*) as n from report r join "case" c on c.id = r.case_id ${whereSql}`, params);
      total = Number(n);
    }
    const contributions = new Map<string, Report['contributions']>();
    if (rows.length) {
      const found = await conn.execute<ContributionRow[]>(
        'select report_id, body_code, text, written_at, version from contribution where report_id = any(?::uuid[])',
        [pgArray(rows.map((r) => r.id))],
      );
      for (const c of found) {
        const list = contributions.get(c.report_id) ?? [];
        list.push({ body: c.body_code, text: c.text, updatedAt: iso(c.written_at), version: c.version });
        contributions.set(c.report_id, list);
      }
    }
    const items = rows.map(
      (r): Report => ({
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
        contributions: (contributions.get(r.id) ?? []).sort((a, b) => a.body.localeCompare(b.body, 'sv')),
      }),
    );
    return { items, total };
  }
}
