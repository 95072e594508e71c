import { Injectable } from '@nestjs/common';
import {
  asksForecast,
  asksSummary,
  asksTrend,
  defaultPeriodEnd,
  INITIAL_REPORT_STATE,
  mapToScale,
  nextState,
  periodId,
  suggestedSubmissionDeadline,
  SUMMARY_MAX,
  TREND_SCALE,
  type Kind,
  type Term,
} from '@uppsikt/shared';
import type { AuditChanges } from '../audit/audit-event.entity.js';
import { AuditService, created, diff } from '../audit/audit.service.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { CaseEntity } from '../cases/case.entity.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { periodView } from '../periods/period.view.js';
import { ReportEntity } from '../reports/report.entity.js';
import { reportSnapshot } from '../reports/report.mapper.js';
import { UserEntity } from '../users/user.entity.js';
import { REPORT_COLUMNS, type ReportColumnKey } from './columns.js';
import { matchHeaders, type Columns } from './headers.js';
import type { ImportContext, ImportCounts, Importer } from './import-context.js';
import { isBlankRow, type Table, type TableRow } from './table.js';
import { BodyLookup } from './values.js';

interface ReportValues {
  status: string | null;
  comment: string | null;
  forecast: string | null;
  /** undefined when the file has no Trend column (left as it is). */
  trend?: string | null;
  /** undefined when the file has no Sammanfattning column (left as it is). */
  summary?: string | null;
  body: BodyEntity;
}

interface PlannedReport {
  row: number;
  caseEntity: CaseEntity;
  period: string;
  values: ReportValues;
  existing: ReportEntity | null;
  changes: AuditChanges;
}

interface NewPeriod {
  id: string;
  year: number;
  term: Term;
}

export interface ReportPlan {
  counts: ImportCounts;
  reports: PlannedReport[];
  newPeriods: NewPeriod[];
}

const NAME = Object.fromEntries(REPORT_COLUMNS.map((c) => [c.key, c.name])) as Record<ReportColumnKey, string>;
const STATE_NAMES: Record<string, string> = { draft: 'ett utkast', submitted: 'inskickad', returned: 'returnerad' };

/** Period text to its id: `2020-T2` (also `2020 T2`, `2020-t2`). */
export function parsePeriod(raw: string): { id: string; year: number; term: Term } | null {
  const m = /^(\d{4})\s*[-–\s]?\s*[Tt]([123])$/u.exec(raw.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const term = `T${m[2]}` as Term;
  return { id: periodId(year, term), year, term };
}

/**
 * Status history file: `Referens;Period;Nämnd;Status;Motivering/kommentar;Prognos helår` (+ `Trend`).
 * Every imported report is approved; a period that does not exist is created closed.
 */
@Injectable()
export class ReportImporter implements Importer<ReportPlan> {
  constructor(
    private readonly audit: AuditService,
    private readonly kindRegistry: KindRegistry,
  ) {}

  async plan(ctx: ImportContext, table: Table): Promise<ReportPlan> {
    const { em, problems } = ctx;
    const cols = matchHeaders(table.headers, REPORT_COLUMNS, problems);
    const plan: ReportPlan = { counts: { created: 0, updated: 0, unchanged: 0 }, reports: [], newPeriods: [] };
    if (problems.errors.length) return plan;

    const rows = table.rows.filter((r) => !isBlankRow(r.cells));
    const refs = [...new Set(rows.map((r) => cols.get(r, 'reference')).filter(Boolean))];
    const cases = new Map<string, CaseEntity>();
    for (let i = 0; i < refs.length; i += 5000) {
      for (const c of await em.find(CaseEntity, { reference: { $in: refs.slice(i, i + 5000) } }, { populate: ['leadBody'] })) cases.set(c.reference, c);
    }
    const periodIds = [...new Set(rows.map((r) => parsePeriod(cols.get(r, 'period'))?.id).filter((p): p is string => !!p))];
    const periods = new Map((await em.find(PeriodEntity, { id: { $in: periodIds } })).map((p) => [p.id, p]));
    const existing = new Map<string, ReportEntity>();
    const caseIds = [...cases.values()].map((c) => c.id);
    for (let i = 0; i < caseIds.length; i += 5000) {
      const found = await em.find(ReportEntity, { case: { $in: caseIds.slice(i, i + 5000) }, period: { $in: periodIds } }, { populate: ['body'] });
      for (const r of found) existing.set(`${r.case.id}|${r.period.id}`, r);
    }
    const bodies = new BodyLookup(await em.find(BodyEntity, {}));
    const kinds = await this.kindRegistry.all(em);

    const seen = new Map<string, number>();
    const newPeriods = new Map<string, NewPeriod>();
    for (const row of rows) {
      const read = this.readRow(ctx, cols, row, { cases, bodies, kinds, periods, newPeriods, seen });
      if (!read) continue;
      const current = existing.get(`${read.caseEntity.id}|${read.period}`) ?? null;
      const after = snapshot(read.values, current);
      const changes = current ? diff(reportSnapshot(current), after) : {};
      if (!current) plan.counts.created++;
      else if (Object.keys(changes).length) plan.counts.updated++;
      else plan.counts.unchanged++;
      if (current && current.state !== INITIAL_REPORT_STATE && current.state !== nextState(current.state, 'import') && Object.keys(changes).length) {
        problems.warning(row.row, null, `Rapporten för ${read.caseEntity.reference} i ${read.period} är ${STATE_NAMES[current.state] ?? current.state} och ersätts av den importerade (godkänd)`);
      }
      plan.reports.push({ row: row.row, caseEntity: read.caseEntity, period: read.period, values: read.values, existing: current, changes });
    }
    plan.newPeriods = [...newPeriods.values()];
    return plan;
  }

  async apply(ctx: ImportContext, plan: ReportPlan): Promise<void> {
    const { em, actor, now } = ctx;
    const approvedAt = ctx.approvedAt ?? now;
    const approver = em.getReference(UserEntity, actor.id);
    const periods = new Map<string, PeriodEntity>();
    for (const np of plan.newPeriods) {
      const p = em.create(PeriodEntity, {
        id: np.id,
        year: np.year,
        term: np.term,
        periodEnd: defaultPeriodEnd(np.year, np.term),
        submissionDeadline: suggestedSubmissionDeadline(np.year, np.term),
        state: 'closed',
        closedAt: now,
      });
      em.persist(p);
      periods.set(p.id, p);
      this.audit.record(em, actor, { action: 'period.imported', entity: 'period', entityId: p.id, changes: created(periodView(p)) });
    }
    for (const r of plan.reports) {
      if (r.existing && !Object.keys(r.changes).length) continue;
      const v = r.values;
      const report =
        r.existing ??
        em.create(ReportEntity, {
          case: r.caseEntity,
          period: periods.get(r.period) ?? em.getReference(PeriodEntity, r.period),
          body: v.body,
        });
      const before = r.existing ? reportSnapshot(r.existing) : {};
      report.body = v.body;
      report.status = v.status;
      report.comment = v.comment;
      report.forecast = v.forecast;
      if (v.trend !== undefined) report.trend = v.trend;
      if (v.summary !== undefined) report.summary = v.summary;
      report.state = nextState(report.state, 'import');
      report.returnComment = null;
      report.returnedAt = null;
      report.returnedByName = null;
      report.submittedAt ??= approvedAt;
      report.approvedAt = approvedAt;
      report.approvedBy = approver;
      report.updatedAt = now;
      em.persist(report);
      this.audit.record(em, actor, { action: 'report.imported', entity: 'report', entityId: report.id, caseReference: r.caseEntity.reference, changes: diff(before, reportSnapshot(report)) });
    }
    await em.flush();
  }

  private readRow(
    ctx: ImportContext,
    cols: Columns<ReportColumnKey>,
    row: TableRow,
    known: { cases: Map<string, CaseEntity>; bodies: BodyLookup; kinds: readonly Kind[]; periods: Map<string, PeriodEntity>; newPeriods: Map<string, NewPeriod>; seen: Map<string, number> },
  ): { caseEntity: CaseEntity; period: string; values: ReportValues } | null {
    const { problems } = ctx;
    const n = row.row;
    const col = (key: ReportColumnKey) => cols.name(key, NAME[key]);
    const get = (key: ReportColumnKey) => cols.get(row, key);

    const reference = get('reference');
    const c = reference ? known.cases.get(reference) : undefined;
    if (!reference) problems.error(n, col('reference'), 'Referens saknas');
    else if (!c) problems.error(n, col('reference'), `Ärendet ${reference} finns inte (importera ärendena först)`);

    const periodRaw = get('period');
    const period = periodRaw ? parsePeriod(periodRaw) : null;
    if (!periodRaw) problems.error(n, col('period'), 'Period saknas (t.ex. 2020-T2)');
    else if (!period) problems.error(n, col('period'), `Ogiltig period "${periodRaw}" (skriv t.ex. 2020-T2)`);
    else {
      if (period.id !== periodRaw) problems.warning(n, col('period'), `"${periodRaw}" tolkades som ${period.id}`);
      if (!known.periods.has(period.id) && !known.newPeriods.has(period.id)) {
        known.newPeriods.set(period.id, { id: period.id, year: period.year, term: period.term });
        problems.warning(n, col('period'), `Perioden ${period.id} finns inte och skapas som stängd (slutdatum ${defaultPeriodEnd(period.year, period.term)})`);
      }
    }
    if (c && period) {
      const key = `${c.reference}|${period.id}`;
      if (known.seen.has(key)) problems.error(n, col('reference'), `${c.reference} i ${period.id} finns redan på rad ${known.seen.get(key)}`);
      else known.seen.set(key, n);
    }

    const bodyRaw = get('body');
    let body = c?.leadBody ?? null;
    if (bodyRaw) {
      const found = known.bodies.find(bodyRaw);
      if (!found) problems.error(n, col('body'), `Nämnden ${bodyRaw} finns inte`);
      else {
        if (found.byName) problems.warning(n, col('body'), `"${bodyRaw}" tolkades som ${found.body.code}`);
        body = found.body;
      }
    }
    if (!c || !period || !body) return null;

    const kind = known.kinds.find((k) => k.key === c.kind)!;
    // The comment exactly as written (an export re-imports unchanged); only blank means none, as in the API.
    const commentText = cols.text(row, 'comment');
    const comment = commentText.trim() ? commentText : null;
    if (comment && comment.length > 20_000) problems.error(n, col('comment'), 'Kommentaren är längre än 20 000 tecken');
    const status = this.scaleValue(ctx, n, col('status'), kind, known.kinds, get('status'));
    if (status === null && !problems.hasErrorsIn(n)) {
      if (comment || c.related.length || c.state !== 'active') problems.warning(n, col('status'), 'Status saknas; raden läses in utan status');
      else problems.error(n, col('status'), 'Status saknas (tom status går bara där ärendet inte har någon att ge: skriv då en kommentar)');
    }
    let forecast = this.scaleValue(ctx, n, col('forecast'), kind, known.kinds, get('forecast'));
    if (forecast && !asksForecast(kind, period.term)) {
      problems.warning(n, col('forecast'), kind.asksForecast.length ? `Prognos för helår anges inte i ${period.term} och läses inte in` : `Prognos för helår anges inte för ${kind.plural} och läses inte in`);
      forecast = null;
    }
    let trend: string | null | undefined;
    if (cols.has('trend')) {
      const raw = get('trend');
      trend = null;
      if (raw && !asksTrend(kind)) problems.warning(n, col('trend'), `Trend anges inte för ${kind.plural} och läses inte in`);
      else if (raw) {
        trend = TREND_SCALE.find((t) => t.toLocaleLowerCase('sv-SE') === raw.replace(/\.$/u, '').toLocaleLowerCase('sv-SE')) ?? null;
        if (!trend) problems.error(n, col('trend'), `"${raw}" är inte en trend (${TREND_SCALE.join(', ')})`);
      }
    }
    let summary: string | null | undefined;
    if (cols.has('summary')) {
      // Exactly as written, like the comment (an export re-imports unchanged); only blank means none.
      const text = cols.text(row, 'summary');
      summary = text.trim() ? text : null;
      if (summary && !asksSummary(kind)) {
        problems.warning(n, col('summary'), `Sammanfattning anges inte för ${kind.plural} och läses inte in`);
        summary = null;
      } else if (summary && summary.length > SUMMARY_MAX) problems.error(n, col('summary'), `Sammanfattningen är längre än ${SUMMARY_MAX} tecken`);
    }
    if (problems.hasErrorsIn(n)) return null;
    return { caseEntity: c, period: period.id, values: { status, comment, forecast, trend, summary, body } };
  }

  /** A status or forecast on the case kind's scale: mapped values are warnings, values on no scale errors. */
  private scaleValue(ctx: ImportContext, row: number, column: string, kind: Kind, kinds: readonly Kind[], raw: string): string | null {
    if (!raw) return null;
    const mapped = mapToScale(kind, raw, kinds);
    if (!mapped.ok) {
      ctx.problems.error(row, column, mapped.message);
      return null;
    }
    if (mapped.warning) ctx.problems.warning(row, column, mapped.warning);
    return mapped.value;
  }
}

/** The report snapshot (`reportSnapshot`) a row leaves: imported, so approved, and no return comment. */
function snapshot(v: ReportValues, current: ReportEntity | null): Record<string, unknown> {
  return {
    state: nextState(current?.state ?? INITIAL_REPORT_STATE, 'import'),
    body: v.body.code,
    status: v.status,
    comment: v.comment,
    forecast: v.forecast,
    trend: v.trend === undefined ? (current?.trend ?? null) : v.trend,
    summary: v.summary === undefined ? (current?.summary ?? null) : v.summary,
    returnComment: null,
  };
}
