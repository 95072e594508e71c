import type { EntityManager } from '@mikro-orm/postgresql';
import { compareReferences, statusColour, type CaseKind, type ReportState, type ScaleColour } from '@uppsikt/shared';
import { pgArray } from '../../common/pg-array.js';
import { APPENDIX_KIND_ORDER, appendixColumns, displayNumber, perDate, tableCaption, type AppendixColumn, type PeriodInfo } from './appendix-headings.js';

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
  body: string;
  bodyName: string;
  state: ReportState;
  status: string | null;
  statusColour: ScaleColour | null;
  comment: string | null;
  forecast: string | null;
  forecastColour: ScaleColour | null;
  trend: string | null;
  contributions: AppendixContribution[];
}

export interface AppendixTable {
  kind: CaseKind;
  caption: string;
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
  /** Every exported row in natural reference order (CSV and XLSX). */
  rows: AppendixRow[];
  /** One table per kind with rows (DOCX and PDF). */
  tables: AppendixTable[];
}

interface Row {
  id: string;
  reference: string;
  kind: CaseKind;
  title: string | null;
  text: string;
  state: ReportState;
  status: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  body_code: string;
  body_name: string;
}

/**
 * The follow-up appendix (Bilaga 1) of a period: the reports in the given states, for one kind
 * or all, in natural reference order, with co-bodies' contributions that have text.
 */
export async function buildAppendix(em: EntityManager, period: PeriodInfo, opts: { kind?: CaseKind; states: ReportState[] }): Promise<Appendix> {
  const params: unknown[] = [period.id, pgArray(opts.states)];
  if (opts.kind) params.push(opts.kind);
  const rows = await em.getConnection().execute<Row[]>(
    `select r.id, c.reference, c.kind, c.title, c.text, r.state, r.status, r.comment, r.forecast, r.trend, r.body_code, b.name as body_name
       from report r
       join "case" c on c.id = r.case_id
       join body b on b.code = r.body_code
      where r.period_id = ? and r.state = any(?::text[]) ${opts.kind ? 'and c.kind = ?' : ''}`,
    params,
  );
  const contributions = new Map<string, AppendixContribution[]>();
  for (let i = 0; i < rows.length; i += 5000) {
    const ids = rows.slice(i, i + 5000).map((r) => r.id);
    const found = await em.getConnection().execute<Array<{ report_id: string; body_code: string; body_name: string; text: string }>>(
      `select ct.report_id, ct.body_code, b.name as body_name, ct.text
         from contribution ct join body b on b.code = ct.body_code
        where ct.report_id = any(?::uuid[]) and btrim(ct.text) <> ''
        order by b.name`,
      [pgArray(ids)],
    );
    for (const c of found) {
      const list = contributions.get(c.report_id) ?? [];
      list.push({ body: c.body_code, bodyName: c.body_name, text: c.text.trim() });
      contributions.set(c.report_id, list);
    }
  }
  const out: AppendixRow[] = rows
    .map((r) => ({
      reference: r.reference,
      number: displayNumber(r.reference, period.year),
      kind: r.kind,
      text: r.text,
      title: r.title,
      body: r.body_code,
      bodyName: r.body_name,
      state: r.state,
      status: r.status,
      statusColour: statusColour(r.kind, r.status),
      comment: r.comment,
      forecast: r.forecast,
      forecastColour: statusColour(r.kind, r.forecast),
      trend: r.trend,
      contributions: contributions.get(r.id) ?? [],
    }))
    .sort((a, b) => compareReferences(a.reference, b.reference));

  const kinds = opts.kind ? [opts.kind] : APPENDIX_KIND_ORDER.filter((k) => out.some((r) => r.kind === k));
  const tables = kinds.map((kind, i) => ({ kind, caption: tableCaption(kind, period, i + 1), columns: appendixColumns(kind, period), rows: out.filter((r) => r.kind === kind) }));
  const draft = opts.states.some((s) => s !== 'approved');
  return {
    period,
    title: 'Bilaga 1. Uppföljning av mål och uppdrag',
    subtitle: `Uppföljning per ${perDate(period)} (${period.id})`,
    draftNote: draft ? 'Förhandsversion: innehåller inskickade rapporter som ännu inte är godkända.' : null,
    pageMark: draft ? `Förhandsversion – inte godkänd bilaga (${period.id})` : null,
    rows: out,
    tables,
  };
}

/** A comment's paragraphs (split at line breaks), then one "Nämnd: text" paragraph per contribution. */
export function cellParagraphs(row: AppendixRow): Array<{ lead?: string; text: string }> {
  const paragraphs: Array<{ lead?: string; text: string }> = (row.comment ?? '')
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
  return paragraphs;
}
