import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Case, CaseKind, CaseState } from '@uppsikt/shared';
import { toPrefixTsQuery } from './case-search.js';

export interface CaseListFilter {
  kind?: CaseKind;
  body?: string;
  state?: CaseState;
  q?: string;
  year?: number;
  status?: string;
  sort?: 'reference' | '-reference' | 'updatedAt' | '-updatedAt';
  page: number;
  pageSize: number;
}

interface CaseRow {
  reference: string;
  kind: CaseKind;
  title: string | null;
  text: string;
  lead_body_code: string;
  co_bodies: string[];
  all_bodies: boolean;
  decided_on: string | null;
  decision_ref: string | null;
  diary_number: string | null;
  due_on: string | null;
  related: string[];
  state: CaseState;
  closed_note: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  total: string;
}

const SORTS = {
  reference: 'c.reference_sort asc',
  '-reference': 'c.reference_sort desc',
  updatedAt: 'c.updated_at asc, c.reference_sort',
  '-updatedAt': 'c.updated_at desc, c.reference_sort',
} as const;

/** Case list and search in one SQL statement (hot path: no entity hydration). */
@Injectable()
export class CasesRepository {
  constructor(private readonly em: EntityManager) {}

  async list(f: CaseListFilter): Promise<{ items: Case[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.kind) {
      where.push('c.kind = ?');
      params.push(f.kind);
    }
    if (f.state) {
      where.push('c.state = ?');
      params.push(f.state);
    }
    if (f.body) {
      where.push(`(c.lead_body_code = ? or ? = any(c.co_bodies) or (c.all_bodies and exists (select 1 from body b where b.code = ? and b.kind in ('nämnd', 'styrelse'))))`);
      params.push(f.body, f.body, f.body);
    }
    if (f.year) {
      where.push(`(exists (select 1 from report r join period p on p.id = r.period_id where r.case_id = c.id and p.year = ?) or extract(year from c.decided_on) = ?)`);
      params.push(f.year, f.year);
    }
    if (f.status) {
      where.push(`(select r.status from report r join period p on p.id = r.period_id where r.case_id = c.id and r.status is not null order by p.year desc, p.term desc limit 1) = ?`);
      params.push(f.status);
    }
    const tsq = f.q ? toPrefixTsQuery(f.q) : null;
    if (f.q && !tsq) where.push('false');
    if (tsq) {
      where.push(`(c.search @@ to_tsquery('swedish', ?) or c.reference ilike ? or exists (select 1 from report r where r.case_id = c.id and r.search @@ to_tsquery('swedish', ?)))`);
      params.push(tsq, `${f.q!.replace(/[%_\\]/gu, (m) => `\\${m}`)}%`, tsq);
    }
    const sql = `select c.reference, c.kind, c.title, c.text, c.lead_body_code, c.co_bodies, c.all_bodies,
        to_char(c.decided_on, 'YYYY-MM-DD') as decided_on, c.decision_ref, c.diary_number, to_char(c.due_on, 'YYYY-MM-DD') as due_on,
        c.related, c.state, c.closed_note, c.version, c.created_at, c.updated_at, count(*) over () as total
      from "case" c
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by ${SORTS[f.sort ?? 'reference']}
      limit ? offset ?`;
    params.push(f.pageSize, (f.page - 1) * f.pageSize);
    const rows = await this.em.getConnection().execute<CaseRow[]>(sql, params);
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && f.page > 1) {
      const countSql = `select count(*) as n from "case" c ${where.length ? `where ${where.join(' and ')}` : ''}`;
      const [{ n }] = await this.em.getConnection().execute<{ n: string }[]>(countSql, params.slice(0, -2));
      total = Number(n);
    }
    return { items: rows.map(rowToCase), total };
  }
}

function rowToCase(r: CaseRow): Case {
  return {
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    text: r.text,
    leadBody: r.lead_body_code,
    coBodies: r.co_bodies,
    allBodies: r.all_bodies,
    decidedOn: r.decided_on,
    decisionRef: r.decision_ref,
    diaryNumber: r.diary_number,
    dueOn: r.due_on,
    related: r.related,
    state: r.state,
    closedNote: r.closed_note,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
