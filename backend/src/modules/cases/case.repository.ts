import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PUBLISHED_REPORT_STATES, type Case, type CaseDetail, type CaseKind, type CaseLatestStatus, type CaseNode, type CaseState, type HistoryEvent } from '@uppsikt/shared';
import { notFound } from '../../common/errors.js';
import { isoOrNull } from '../../common/iso.js';
import { pageTotalSql, Params, Sql } from '../../infra/database/sql.js';
import { ALL_BODIES_MATCH, ReportRepository } from '../reports/report.repository.js';
import { CaseEntity } from './case.entity.js';
import { toCase, type CaseRow } from './case.mapper.js';
import { toPrefixTsQuery } from './case-search.js';

export interface CaseListFilter {
  kind?: CaseKind;
  body?: string;
  state?: CaseState;
  q?: string;
  year?: number;
  status?: string;
  sort?: 'reference' | '-reference' | 'updatedAt' | '-updatedAt';
  /** Direct children of this case. */
  parent?: string;
  /** The subtree below this case (itself excluded). */
  under?: string;
  page: number;
  pageSize: number;
  /** Search only the comments, and filter by the statuses, of submitted and approved reports (readers). */
  publishedOnly?: boolean;
}

const CASE_COLUMNS = `c.reference, c.kind, c.title, c.text, c.lead_body_code, c.co_bodies, c.all_bodies, c.all_bodies_scope,
  (select p.reference from "case" p where p.id = c.parent_id) as parent,
  to_char(c.decided_on, 'YYYY-MM-DD') as decided_on, c.decision_ref, c.diary_number, to_char(c.due_on, 'YYYY-MM-DD') as due_on,
  c.related, c.state, c.closed_note, c.version, c.created_at, c.updated_at`;

const SORTS = {
  reference: 'c.reference_sort asc',
  '-reference': 'c.reference_sort desc',
  updatedAt: 'c.updated_at asc, c.reference_sort',
  '-updatedAt': 'c.updated_at desc, c.reference_sort',
} as const;

/** History actions a reader may see: the case's own, its indicators' (published figures), and reports once submitted or approved. */
const READER_HISTORY_ACTIONS = [
  'case.created', 'case.imported', 'case.updated', 'case.closed', 'report.submitted', 'report.approved', 'report.imported',
  'indicator.created', 'indicator.updated', 'indicator.deleted', 'indicator.value', 'indicator.synced', 'indicator.imported',
];

/** The ids of every case below the case `ref` names (`union`, so even a cycle would end). */
const SUBTREE_SQL = (ref: string) => `with recursive sub(id) as (
    select ch.id from "case" ch join "case" r on r.id = ch.parent_id where r.reference = ${ref}
    union select ch.id from "case" ch join sub on ch.parent_id = sub.id)
  select id from sub`;

const NODE_COLUMNS = 'n.reference, n.kind, n.title, n.state';

/** The ancestors of a case, root first (depth-capped: the writer never lets a cycle in). */
const ANCESTORS_SQL = `with recursive up(id, parent_id, depth) as (
    select p.id, p.parent_id, 1 from "case" c join "case" p on p.id = c.parent_id where c.reference = $1
    union all select p.id, p.parent_id, up.depth + 1 from up join "case" p on p.id = up.parent_id where up.depth < 100)
  select ${NODE_COLUMNS} from up join "case" n on n.id = up.id order by up.depth desc`;

const CHILDREN_SQL = `select ${NODE_COLUMNS} from "case" c join "case" n on n.parent_id = c.id where c.reference = $1 order by n.reference_sort`;

const BY_REFERENCE_SQL = `select ${CASE_COLUMNS} from "case" c where c.reference = $1`;

/**
 * All SQL of cases. Reads (hot paths: list, search, case page, history) are plain SQL mapped by
 * `toCase`, nothing hydrated; writes load the entity (`load`) and end by reading the case back
 * through `byReference`, the same query and mapper.
 */
@Injectable()
export class CaseRepository {
  constructor(
    private readonly sql: Sql,
    private readonly reports: ReportRepository,
  ) {}

  async list(f: CaseListFilter): Promise<{ items: Case[]; total: number }> {
    const where: string[] = [];
    const p = new Params();
    if (f.kind) where.push(`c.kind = ${p.add(f.kind)}`);
    if (f.state) where.push(`c.state = ${p.add(f.state)}`);
    if (f.body) {
      const body = p.add(f.body);
      where.push(`(c.lead_body_code = ${body} or ${body} = any(c.co_bodies) or (c.all_bodies and exists (select 1 from body b where b.code = ${body} and ${ALL_BODIES_MATCH})))`);
    }
    if (f.parent) where.push(`c.parent_id = (select x.id from "case" x where x.reference = ${p.add(f.parent)})`);
    if (f.under) where.push(`c.id in (${SUBTREE_SQL(p.add(f.under))})`);
    if (f.year) {
      const year = p.add(f.year);
      where.push(`(exists (select 1 from report r join period p on p.id = r.period_id where r.case_id = c.id and p.year = ${year}) or extract(year from c.decided_on) = ${year})`);
    }
    if (f.status) {
      // The latest status the caller may read: readers never learn a draft's (publishedOnly).
      const readable = f.publishedOnly ? ` and r.state = any(${p.add([...PUBLISHED_REPORT_STATES])}::text[])` : '';
      where.push(`(select r.status from report r join period p on p.id = r.period_id where r.case_id = c.id and r.status is not null${readable} order by p.year desc, p.term desc limit 1) = ${p.add(f.status)}`);
    }
    const tsq = f.q ? toPrefixTsQuery(f.q) : null;
    if (f.q && !tsq) where.push('false');
    let hits = '';
    if (tsq) {
      // Case texts and report comments are each searched once through their GIN index, and the
      // hits joined as a hashed set (the CTE serves both the page and the count). Readers' query of
      // one lexeme finds report comments through `case_words`, one vector per case of its submitted
      // and approved reports, exact there and at most one row a case. Other queries match `report`:
      // of several lexemes (which must all match within one report) its GIN index intersects the
      // words (checking case_words' candidates against their reports instead read every report of
      // every candidate: 450 ms against 13 ms for two common words on the bench data), and those
      // who see drafts have no per-case index (keeping one cost every draft save about half its
      // trigger time, Migration20261201200000). `numnode` of the query is a one-time filter, so
      // only one of the two branches runs.
      const query = `to_tsquery('swedish', ${p.add(tsq)})`;
      const published = f.publishedOnly ? ` and r.state = any(${p.add([...PUBLISHED_REPORT_STATES])}::text[])` : '';
      const reportHits = f.publishedOnly
        ? `select w.case_id from case_words w where w.search @@ ${query} and numnode(${query}) = 1
        union all select r.case_id from report r where r.search @@ ${query}${published} and numnode(${query}) <> 1`
        : `select r.case_id from report r where r.search @@ ${query}`;
      hits = `hits as (select s.id from "case" s where s.search @@ ${query} union all ${reportHits}),`;
      where.push(`(c.id in (select id from hits) or c.reference ilike ${p.add(`${f.q!.replace(/[%_\\]/gu, (m) => `\\${m}`)}%`)})`);
    }
    const from = `from "case" c ${where.length ? `where ${where.join(' and ')}` : ''}`;
    const order = SORTS[f.sort ?? 'reference'];
    const limit = p.add(f.pageSize);
    const offset = p.add((f.page - 1) * f.pageSize);
    // Page the ids first, so no case text goes through the sort.
    const rows = await this.sql.query<CaseRow & { total: string }>(
      `with ${hits} page as (select c.id ${from} order by ${order} limit ${limit} offset ${offset})
       select ${CASE_COLUMNS}, ${pageTotalSql(from, limit, offset)} as total
         from page join "case" c on c.id = page.id
        order by ${order}`,
      p.values,
    );
    if (rows.length) return { items: rows.map(toCase), total: Number(rows[0].total) };
    if (f.page === 1) return { items: [], total: 0 };
    return { items: [], total: await this.sql.count(from, p.values.slice(0, -2), hits ? `with ${hits.slice(0, -1)} ` : '') };
  }

  /** The case page: the case with its reports, newest period first (readers: published reports only). */
  async detail(reference: string, onlyPublished: boolean): Promise<CaseDetail | null> {
    const [[row], reports, ancestors, children] = await Promise.all([
      this.sql.query<CaseRow>(BY_REFERENCE_SQL, [reference]),
      this.reports.ofCase(reference, onlyPublished ? [...PUBLISHED_REPORT_STATES] : undefined),
      this.sql.query<CaseNode>(ANCESTORS_SQL, [reference]),
      this.sql.query<CaseNode>(CHILDREN_SQL, [reference]),
    ]);
    return row ? { ...toCase(row), reports, ancestors, children } : null;
  }

  /**
   * Serialises changes of the tree: taken by a write that sets a parent, before it checks for
   * cycles, and held to its commit (advisory lock class 182).
   */
  async lockTree(tx: EntityManager): Promise<void> {
    await this.sql.query('select pg_advisory_xact_lock(182, 0)', [], tx);
  }

  /** Every case's parent, by reference (cases without one left out), as `tx` sees them (the importer's cycle check). */
  async parentReferences(tx: EntityManager): Promise<Map<string, string>> {
    const rows = await this.sql.query<{ reference: string; parent: string }>(`select c.reference, p.reference as parent from "case" c join "case" p on p.id = c.parent_id`, [], tx);
    return new Map(rows.map((r) => [r.reference, r.parent]));
  }

  /** Which of the cases `ids` (as `tx` sees them) are their own ancestor. */
  async cyclesThrough(tx: EntityManager, ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.sql.query<{ reference: string }>(
      `with recursive up(start, id, depth) as (
         select c.id, c.parent_id, 1 from "case" c where c.id = any($1::uuid[]) and c.parent_id is not null
         union all
         select up.start, p.parent_id, up.depth + 1 from up join "case" p on p.id = up.id
          where up.id <> up.start and p.parent_id is not null and up.depth < 1000)
       select c.reference from up join "case" c on c.id = up.start where up.id = up.start order by c.reference_sort`,
      [ids],
      tx,
    );
    return rows.map((r) => r.reference);
  }

  /** One case as every read shows it; inside `tx` when given (a write reading back what it wrote). */
  async byReference(reference: string, tx?: EntityManager): Promise<Case | null> {
    const [row] = await this.sql.query<CaseRow>(BY_REFERENCE_SQL, [reference], tx);
    return row ? toCase(row) : null;
  }

  /** The case entity to change in `tx`, with its lead body; 404 when there is none. */
  async load(tx: EntityManager, reference: string): Promise<CaseEntity> {
    const c = await tx.findOne(CaseEntity, { reference }, { populate: ['leadBody', 'parent'] });
    if (!c) throw notFound(`Ärendet ${reference}`);
    return c;
  }

  /** The body (board) of each report of a case. */
  reportBodies(reference: string): Promise<Array<{ id: string; body: string }>> {
    return this.sql.query<{ id: string; body: string }>(`select r.id, r.body_code as body from report r join "case" c on c.id = r.case_id where c.reference = $1`, [reference]);
  }

  /** Per listed case with one, its latest submitted or approved report's status (newest period first). */
  async latestStatuses(references: readonly string[]): Promise<CaseLatestStatus[]> {
    return this.sql.query<CaseLatestStatus>(
      `select distinct on (c.reference) c.reference, r.period_id as period, r.status, r.state
         from "case" c join report r on r.case_id = c.id join period p on p.id = r.period_id
        where c.reference = any($1::text[]) and r.state = any($2::text[]) and r.status is not null
        order by c.reference, p.year desc, p.term desc`,
      [references, [...PUBLISHED_REPORT_STATES]],
    );
  }

  /** The audit history of a case and its reports, newest first; null when the case does not exist. */
  async history(reference: string, onlyPublished: boolean): Promise<HistoryEvent[] | null> {
    const rows = await this.sql.query<{ id: string | null; at: Date; actor_id: string | null; actor_name: string | null; action: string; entity: string; entity_id: string; changes: HistoryEvent['changes'] }>(
      `select e.id, e.at, e.actor_id, e.actor_name, e.action, e.entity, e.entity_id, e.changes
         from "case" c left join audit_event e on e.case_reference = c.reference ${onlyPublished ? 'and e.action = any($2::text[])' : ''}
        where c.reference = $1
        order by e.at desc, e.id desc`,
      onlyPublished ? [reference, READER_HISTORY_ACTIONS] : [reference],
    );
    if (!rows.length) return null;
    return rows
      .filter((e) => e.id !== null)
      .map((e) => ({ id: e.id!, at: isoOrNull(e.at)!, actor: e.actor_id, actorName: e.actor_name, action: e.action, entity: e.entity, entityId: e.entity_id, changes: e.changes }));
  }
}
