import { compareReferences, indicatorLine, statusColour, type Indicator, type CaseKind, type Kind, type ReportState, type ScaleColour } from '@uppsikt/shared';
import type { ReportRepository } from '../reports/report.repository.js';
import { appendixColumns, displayNumber, perDate, tableCaption, type AppendixColumn, type PeriodInfo } from './appendix-headings.js';

export interface AppendixContribution {
  body: string;
  bodyName: string;
  text: string;
}

export interface AppendixRow {
  reference: string;
  /** As shown in the "nr" column. */
  number: string;
  kind: CaseKind;
  text: string;
  title: string | null;
  /** The parent case's reference (`Överordnad`), or null. */
  parent: string | null;
  body: string;
  bodyName: string;
  state: ReportState;
  status: string | null;
  statusColour: ScaleColour | null;
  summary: string | null;
  comment: string | null;
  forecast: string | null;
  forecastColour: ScaleColour | null;
  trend: string | null;
  contributions: AppendixContribution[];
  /** The case's indicators: "Målvärde X · Utfall Y (år)", with values up to the period's year. */
  indicators: AppendixIndicator[];
}

export interface AppendixIndicator {
  name: string;
  line: string;
  indicator: Indicator;
}

/** A paragraph of text; `lead` (a contribution's "Nämnd: ") is printed bold before it. */
export interface Paragraph {
  lead?: string;
  text: string;
}

export interface AppendixTable {
  kind: Kind;
  /** `kind`: one kind's table of Bilaga 1; `overview`: a programme's Överblick of its group levels; `group`: a focus area's table. */
  role: 'kind' | 'overview' | 'group';
  caption: string;
  /**
   * The group level whose own lägesbild text (its comment, co-bodies' contributions and indicators,
   * `cellParagraphs`) is printed between the caption and the table, as the programme report has it.
   * Null in Bilaga 1.
   */
  intro: AppendixRow | null;
  /** No columns: a section of text only (a group level with no priorities of its own). */
  columns: AppendixColumn[];
  rows: AppendixRow[];
}

export interface Appendix {
  period: PeriodInfo;
  title: string;
  subtitle: string;
  /** Set when not-yet-approved reports are included (a preview). */
  draftNote: string | null;
  /** The preview's marking on every page (DOCX/PDF header, XLSX print header); null for the final. */
  pageMark: string | null;
  /** Set for a programme's appendix (`?under=`): the case it is for. Its CSV and XLSX add `Överordnad`, `Trend` and `Sammanfattning`. */
  root: { reference: string } | null;
  /** Every exported row in natural reference order, or tree order under a programme (CSV and XLSX). */
  rows: AppendixRow[];
  /** One table per kind with rows in the kinds' position order, or the Överblick and one per focus area (DOCX and PDF). */
  tables: AppendixTable[];
  /** Every kind by key (the XLSX names each row's kind). */
  kinds: ReadonlyMap<string, Kind>;
}

export interface AppendixOptions {
  /** The report states exported: approved, or (a reviewer's preview) submitted as well. */
  states: ReportState[];
}

/** A preview (reports not yet approved) says so on the first page and on every page. */
export function previewMarks(period: PeriodInfo, states: readonly ReportState[]): Pick<Appendix, 'draftNote' | 'pageMark'> {
  const draft = states.some((s) => s !== 'approved');
  return {
    draftNote: draft ? 'Förhandsversion: innehåller inskickade rapporter som ännu inte är godkända.' : null,
    pageMark: draft ? `Förhandsversion – inte godkänd bilaga (${period.id})` : null,
  };
}

/** The co-bodies' contributions with text of some reports, by report id, in body-name order. */
export async function loadContributions(reports: ReportRepository, reportIds: string[]): Promise<Map<string, AppendixContribution[]>> {
  const contributions = new Map<string, AppendixContribution[]>();
  for (let i = 0; i < reportIds.length; i += 5000) {
    for (const c of await reports.contributionsWithText(reportIds.slice(i, i + 5000))) {
      const list = contributions.get(c.report_id) ?? [];
      list.push({ body: c.body_code, bodyName: c.body_name, text: c.text.trim() });
      contributions.set(c.report_id, list);
    }
  }
  return contributions;
}

/**
 * The follow-up appendix (Bilaga 1) of a period: the reports in the given states, for one kind
 * or all, in natural reference order, with co-bodies' contributions that have text. `kinds`: every
 * kind, in position order (the tables' order).
 */
export async function buildAppendix(reports: ReportRepository, period: PeriodInfo, kinds: readonly Kind[], opts: AppendixOptions & { kind?: CaseKind }): Promise<Appendix> {
  const byKey = new Map(kinds.map((k) => [k.key, k]));
  const kindOf = (key: string) => {
    const k = byKey.get(key);
    if (!k) throw new Error(`Unknown kind ${key}`);
    return k;
  };
  const rows = await reports.forAppendix(period.id, opts.states, opts.kind);
  const contributions = await loadContributions(reports, rows.map((r) => r.id));
  const out: AppendixRow[] = rows
    .map((r) => ({
      reference: r.reference,
      number: displayNumber(r.reference, period.year),
      kind: r.kind,
      text: r.text,
      title: r.title,
      parent: r.parent_reference,
      body: r.body_code,
      bodyName: r.body_name,
      state: r.state,
      status: r.status,
      statusColour: statusColour(kindOf(r.kind), r.status),
      summary: r.summary,
      comment: r.comment,
      forecast: r.forecast,
      forecastColour: statusColour(kindOf(r.kind), r.forecast),
      trend: r.trend,
      contributions: contributions.get(r.id) ?? [],
      indicators: [],
    }))
    .sort((a, b) => compareReferences(a.reference, b.reference));

  const shown = opts.kind ? [kindOf(opts.kind)] : kinds.filter((k) => out.some((r) => r.kind === k.key));
  const tables = shown.map((kind, i) => ({ kind, role: 'kind' as const, intro: null, caption: tableCaption(kind, period, i + 1), columns: appendixColumns(kind, period), rows: out.filter((r) => r.kind === kind.key) }));
  return {
    period,
    title: 'Bilaga 1. Uppföljning av mål och uppdrag',
    subtitle: `Uppföljning per ${perDate(period)} (${period.id})`,
    ...previewMarks(period, opts.states),
    root: null,
    rows: out,
    tables,
    kinds: byKey,
  };
}

/** Gives each row its case's indicators (as the API shows them, values up to the period's year). */
export function attachIndicators(a: Appendix, indicators: readonly Indicator[]): void {
  const byCase = new Map<string, AppendixIndicator[]>();
  for (const i of indicators) {
    const list = byCase.get(i.case) ?? [];
    list.push({ name: i.name, line: indicatorLine(i), indicator: i });
    byCase.set(i.case, list);
  }
  for (const r of a.rows) r.indicators = byCase.get(r.reference) ?? [];
}

/** The indicators column of the CSV and XLSX: one "Namn: Målvärde X · Utfall Y (år)" line each. */
export function indicatorText(r: AppendixRow): string {
  return r.indicators.map((i) => `${i.name}: ${i.line}`).join('\n');
}

/**
 * A comment's paragraphs (split at line breaks), then one "Nämnd: text" paragraph per contribution,
 * then one "Indikator: Målvärde X · Utfall Y (år)" paragraph per indicator.
 */
export function cellParagraphs(row: AppendixRow): Paragraph[] {
  const paragraphs: Paragraph[] = (row.comment ?? '')
    .split(/\n+/u)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((text) => ({ text }));
  for (const c of row.contributions) {
    c.text
      .split(/\n+/u)
      .map((t) => t.trim())
      .filter(Boolean)
      .forEach((text, i) => paragraphs.push(i === 0 ? { lead: `${c.bodyName}: `, text } : { text }));
  }
  for (const i of row.indicators) paragraphs.push({ lead: `${i.name}: `, text: i.line });
  return paragraphs;
}
