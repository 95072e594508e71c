import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { INITIAL_REPORT_STATE, WRITABLE_REPORT_STATES, type CaseKind, type Report, type ReportState, type Submission, type Term } from '@uppsikt/shared';
import { notFound } from '../../common/errors.js';
import { UUID_RE } from '../../common/ids.js';
import { pageTotalSql, Params, Sql } from '../../infra/database/sql.js';
import { insertAuditEventFrom, type AuditEventValues } from '../audit/audit-event.sql.js';
import { toReports, toSubmission, type ReportRow, type SubmissionRow } from './report.mapper.js';
import { ReportEntity } from './report.entity.js';

export interface ReportReadFilter {
  period?: string;
  body?: string;
  /** One state or several. */
  states?: string[];
  caseReference?: string;
  kind?: CaseKind;
}

/** Which cases' reports: all active cases, or only some. */
interface SlotTarget {
  periodIds: string[];
  caseIds?: string[];
}

const REPORT_COLUMNS = `r.id, r.period_id, r.body_code, r.state, r.status, r.summary, r.comment, r.forecast, r.trend, r.version, r.submitted_at, r.submitted_by_id,
  r.approved_at, r.approved_by_id, r.return_comment, r.returned_at, r.returned_by_name, r.updated_at, c.reference, c.kind, c.text, c.title,
  ct.body_code as ct_body, ct.text as ct_text, ct.written_at as ct_written_at, ct.version as ct_version`;

const BY_ID_SQL = `select ${REPORT_COLUMNS}
   from report r join "case" c on c.id = r.case_id left join contribution ct on ct.report_id = r.id
  where r.id = $1
  order by r.id`;

const TO_SAVE_SQL = `select ${REPORT_COLUMNS}, p.state = 'open' as period_open, p.term
   from report r join "case" c on c.id = r.case_id join period p on p.id = r.period_id left join contribution ct on ct.report_id = r.id
  where r.id = $1
  order by r.id`;

/** A report as every read shows it, with what a draft save checks besides: whether its period is open, and its term. */
export interface ReportToSave {
  report: Report;
  periodOpen: boolean;
  term: Term;
}

/** The fields a draft save writes. */
export type DraftValues = Pick<Report, 'state' | 'status' | 'summary' | 'comment' | 'forecast' | 'trend'> & { updatedAt: Date };

/**
 * All SQL of reports and their contributions. Reads (hot paths: "Mina rapporter", Granskning, the
 * case page) are plain SQL mapped by `toReports`, nothing hydrated; writes load the entity
 * (`load`) and end by reading the report back through `byId`, the same query and mapper.
 */
/**
 * Whether body `b` is among those "samtliga nämnder" of case `c` covers (`ALL_BODIES_KINDS`):
 * nämnder and styrelser, and the bolag too for "samtliga nämnder och bolag".
 */
export const ALL_BODIES_MATCH = `(b.kind in ('nämnd', 'styrelse') or (b.kind = 'bolag' and c.all_bodies_scope = 'boards_and_companies'))`;

@Injectable()
export class ReportRepository {
  constructor(private readonly sql: Sql) {}

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
    const rows = await this.sql.query<ReportRow & { total: string }>(
      `with page as (select r.id, c.reference_sort, r.period_id ${from} order by c.reference_sort asc, r.period_id desc limit ${limit} offset ${offset})
       select ${REPORT_COLUMNS}, ${pageTotalSql(from, limit, offset)} as total
         from page join report r on r.id = page.id join "case" c on c.id = r.case_id left join contribution ct on ct.report_id = r.id
        order by page.reference_sort asc, page.period_id desc, r.id`,
      p.values,
    );
    if (rows.length) return { items: toReports(rows), total: Number(rows[0].total) };
    if (page.offset === 0) return { items: [], total: 0 };
    return { items: [], total: await this.sql.count(from, p.values.slice(0, -2)) };
  }

  /** Every report of a case, newest period first; `states` limits them. */
  async ofCase(reference: string, states?: readonly string[]): Promise<Report[]> {
    const rows = await this.sql.query<ReportRow>(
      `select ${REPORT_COLUMNS}
         from "case" c join report r on r.case_id = c.id ${states ? 'and r.state = any($2::text[])' : ''}
         left join contribution ct on ct.report_id = r.id
        where c.reference = $1
        order by r.period_id desc, r.id`,
      states ? [reference, states] : [reference],
    );
    return toReports(rows);
  }

  /** One report as every read shows it; inside `tx` when given (a write reading back what it wrote). */
  async byId(id: string, tx?: EntityManager): Promise<Report | null> {
    if (!UUID_RE.test(id)) return null;
    return toReports(await this.sql.query<ReportRow>(BY_ID_SQL, [id], tx))[0] ?? null;
  }

  /** A report and its period's state and term, read for a draft save (no lock: the save's version check is the guard). */
  async toSave(id: string): Promise<ReportToSave | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.sql.query<ReportRow & { period_open: boolean; term: Term }>(TO_SAVE_SQL, [id]);
    return rows.length ? { report: toReports(rows)[0], periodOpen: rows[0].period_open, term: rows[0].term } : null;
  }

  /**
   * A draft save and its history entry in one statement (atomic without a transaction): written only
   * if the report is still at `version`, in a state that saves, in an open period. The report as
   * written (its case and contributions read in the same snapshot), or null when nothing was written.
   */
  async saveDraft(id: string, version: number, v: DraftValues, audit: AuditEventValues): Promise<Report | null> {
    const p = new Params();
    const where = `r.id = ${p.add(id)} and r.version = ${p.add(version)} and r.state = any(${p.add(WRITABLE_REPORT_STATES)}::text[])
      and exists (select 1 from period p where p.id = r.period_id and p.state = 'open')`;
    const set = `state = ${p.add(v.state)}, status = ${p.add(v.status)}, summary = ${p.add(v.summary)}, comment = ${p.add(v.comment)},
      forecast = ${p.add(v.forecast)}, trend = ${p.add(v.trend)}, updated_at = ${p.add(v.updatedAt)}, version = r.version + 1`;
    const rows = await this.sql.query<ReportRow>(
      `with saved as (update report r set ${set} where ${where} returning r.*),
         audited as (${insertAuditEventFrom('saved', p, audit)})
       select ${REPORT_COLUMNS} from saved r join "case" c on c.id = r.case_id left join contribution ct on ct.report_id = r.id
        order by r.id`,
      p.values,
    );
    return toReports(rows)[0] ?? null;
  }

  /** Every submission of a report, oldest first. */
  async submissions(id: string): Promise<Submission[]> {
    const rows = await this.sql.query<SubmissionRow>(
      `select submitted_at, submitted_by_name, status, summary, comment, forecast, trend from report_submission where report_id = $1 order by submitted_at asc, id asc`,
      [id],
    );
    return rows.map(toSubmission);
  }

  /** The report entity to change in `tx`, with its case and period (and contributions when asked). */
  async load(tx: EntityManager, id: string, opts: { contributions?: boolean } = {}): Promise<ReportEntity> {
    const r = UUID_RE.test(id)
      ? await tx.findOne(ReportEntity, { id }, { populate: opts.contributions ? ['case', 'period', 'contributions', 'contributions.body'] : ['case', 'period'] })
      : null;
    if (!r) throw notFound('Rapporten');
    return r;
  }

  /**
   * Creates the reports (one per case, owned by the lead body) and contribution slots (one per
   * co-body; "samtliga nämnder" expands to every active nämnd and styrelse at this moment) for
   * the given open periods, for the cases whose kind is reported in the period's term (the kind's
   * `terms` and `reported`). Idempotent; returns how many reports were created.
   */
  async createSlots(tx: EntityManager, target: SlotTarget): Promise<number> {
    if (!target.periodIds.length) return 0;
    const created = await this.sql.execute(
      `insert into report (id, created_at, updated_at, version, case_id, period_id, body_code, state)
       select gen_random_uuid(), now(), now(), 1, c.id, p.id, c.lead_body_code, $2::text
         from "case" c join kind k on k.key = c.kind cross join period p
        where c.state = 'active' and p.id = any($1::text[]) and k.reported and p.term = any(k.terms)
          ${target.caseIds ? 'and c.id = any($3::uuid[])' : ''}
       on conflict (case_id, period_id) do nothing`,
      target.caseIds ? [target.periodIds, INITIAL_REPORT_STATE, target.caseIds] : [target.periodIds, INITIAL_REPORT_STATE],
      tx,
    );
    await this.addContributionSlots(tx, target);
    return created;
  }

  /** Adds any missing contribution slots for the co-bodies of the cases' reports in the periods. */
  async addContributionSlots(tx: EntityManager, target: SlotTarget): Promise<void> {
    if (!target.periodIds.length) return;
    await this.sql.execute(
      `insert into contribution (id, created_at, updated_at, version, report_id, body_code, text)
       select gen_random_uuid(), now(), now(), 1, r.id, b.code, ''
         from report r
         join "case" c on c.id = r.case_id
         join body b on (b.code = any(c.co_bodies) or (c.all_bodies and b.active and ${ALL_BODIES_MATCH}))
        where r.period_id = any($1::text[]) and b.code <> r.body_code ${target.caseIds ? 'and c.id = any($2::uuid[])' : ''}
       on conflict (report_id, body_code) do nothing`,
      target.caseIds ? [target.periodIds, target.caseIds] : [target.periodIds],
      tx,
    );
  }

  /** Hands a case's reports that are still being written in the periods to its new lead body. */
  async moveToLead(tx: EntityManager, caseId: string, lead: string, periodIds: string[]): Promise<void> {
    await this.sql.execute(
      `update report set body_code = $1, version = version + 1, updated_at = now()
        where case_id = $2 and period_id = any($3::text[]) and state = any($4::text[])`,
      [lead, caseId, periodIds, WRITABLE_REPORT_STATES],
      tx,
    );
  }

  /** Open data: the approved reports of a period with their case, in reference order. */
  async approvedOf(periodId: string): Promise<PublishedRow[]> {
    return this.sql.query<PublishedRow>(
      `select c.reference, c.kind, c.title, c.text, r.body_code as body, r.status, r.comment, r.forecast, r.trend, r.approved_at
         from report r join "case" c on c.id = r.case_id
        where r.period_id = $1 and r.state = $2
        order by c.reference_sort`,
      [periodId, APPROVED],
    );
  }

  /** The appendix's reports of a period in some states (one kind or all), with their case and body name. */
  async forAppendix(periodId: string, states: readonly ReportState[], kind?: CaseKind): Promise<AppendixReportRow[]> {
    return this.sql.query<AppendixReportRow>(
      `select r.id, c.reference, c.kind, c.title, c.text, p.reference as parent_reference, r.state, r.status, r.summary, r.comment, r.forecast, r.trend,
              r.body_code, b.name as body_name
         from report r
         join "case" c on c.id = r.case_id
         left join "case" p on p.id = c.parent_id
         join body b on b.code = r.body_code
        where r.period_id = $1 and r.state = any($2::text[]) ${kind ? 'and c.kind = $3' : ''}`,
      kind ? [periodId, states, kind] : [periodId, states],
    );
  }

  /**
   * The case `reference` and every case below it (`parent`, walked down; the tree has no cycles,
   * and the walk stops at depth 50 all the same), each with its report of the period when that is
   * in one of `states` (else the report columns are null).
   */
  async subtreeForAppendix(reference: string, periodId: string, states: readonly ReportState[]): Promise<SubtreeReportRow[]> {
    return this.sql.query<SubtreeReportRow>(
      `with recursive tree(id, depth) as (
         select id, 0 from "case" where reference = $1
         union all
         select c.id, t.depth + 1 from "case" c join tree t on c.parent_id = t.id where t.depth < 50
       )
       select c.id as case_id, c.reference, c.kind, c.title, c.text, c.parent_id, p.reference as parent_reference,
              r.id, r.state, r.status, r.summary, r.comment, r.forecast, r.trend, r.body_code, b.name as body_name
         from tree t
         join "case" c on c.id = t.id
         left join "case" p on p.id = c.parent_id
         left join report r on r.case_id = c.id and r.period_id = $2 and r.state = any($3::text[])
         left join body b on b.code = r.body_code`,
      [reference, periodId, states],
    );
  }

  /** The contributions with text of some reports, with the body's name, in body-name order. */
  async contributionsWithText(reportIds: string[]): Promise<Array<{ report_id: string; body_code: string; body_name: string; text: string }>> {
    return this.sql.query(
      `select ct.report_id, ct.body_code, b.name as body_name, ct.text
         from contribution ct join body b on b.code = ct.body_code
        where ct.report_id = any($1::uuid[]) and btrim(ct.text) <> ''
        order by b.name`,
      [reportIds],
    );
  }
}

const APPROVED: ReportState = 'approved';

export interface PublishedRow {
  reference: string;
  kind: string;
  title: string | null;
  text: string;
  body: string;
  status: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  approved_at: Date | string | null;
}

export interface AppendixReportRow {
  id: string;
  reference: string;
  kind: CaseKind;
  title: string | null;
  text: string;
  parent_reference: string | null;
  state: ReportState;
  status: string | null;
  summary: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  body_code: string;
  body_name: string;
}

/** A case of a subtree with its report of the period, if it has one in the exported states (else null report columns). */
export interface SubtreeReportRow {
  case_id: string;
  reference: string;
  kind: CaseKind;
  title: string | null;
  text: string;
  parent_id: string | null;
  parent_reference: string | null;
  id: string | null;
  state: ReportState | null;
  status: string | null;
  summary: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  body_code: string | null;
  body_name: string | null;
}
