import { asksForecast, asksTrend, formatDayMonthSv, monthNameSv, type CaseKind, type Term } from '@uppsikt/shared';

export type ColumnKey = 'number' | 'text' | 'status' | 'trend' | 'comment' | 'forecast';

export interface AppendixColumn {
  key: ColumnKey;
  heading: string;
  /** Relative width (the renderers scale these to the page). */
  width: number;
}

export interface PeriodInfo {
  id: string;
  year: number;
  term: Term;
  periodEnd: string;
}

/** Order of the tables in the appendix (goals first, as in Bilaga 1). */
export const APPENDIX_KIND_ORDER: readonly CaseKind[] = ['goal', 'assignment', 'supplementary_assignment', 'programme_priority'];

/** "31 augusti 2020" */
export function perDate(p: PeriodInfo): string {
  return `${formatDayMonthSv(p.periodEnd)} ${p.year}`;
}

/** "januari–augusti" */
export function monthRange(p: PeriodInfo): string {
  return `januari–${monthNameSv(p.periodEnd)}`;
}

/** The columns of one kind's table, with headings computed from the period as in the 2020 appendix. T3 asks no forecast. */
export function appendixColumns(kind: CaseKind, p: PeriodInfo): AppendixColumn[] {
  const forecast = asksForecast(p.term);
  const cols: AppendixColumn[] = [];
  if (kind === 'goal') {
    cols.push({ key: 'number', heading: 'Mål nr', width: 7 });
    cols.push({ key: 'text', heading: 'KF-mål', width: 26 });
    cols.push({ key: 'status', heading: `Måluppfyllelse ${monthRange(p)}`, width: 13 });
  } else if (kind === 'programme_priority') {
    cols.push({ key: 'number', heading: 'Prioritering nr', width: 9 });
    cols.push({ key: 'text', heading: 'Programprioritering', width: 25 });
    cols.push({ key: 'status', heading: `Lägesbild per ${perDate(p)}`, width: 13 });
  } else {
    cols.push({ key: 'number', heading: 'Uppdrag nr', width: 8 });
    cols.push({ key: 'text', heading: kind === 'assignment' ? 'KF-uppdrag' : 'Tilläggsuppdrag', width: 25 });
    cols.push({ key: 'status', heading: `Status för genomförande av uppdrag per ${perDate(p)}`, width: 13 });
  }
  if (asksTrend(kind)) cols.push({ key: 'trend', heading: 'Trend', width: 8 });
  cols.push({ key: 'comment', heading: 'Motivering/kommentar', width: forecast ? 42 : 55 });
  if (forecast) {
    cols.push({
      key: 'forecast',
      width: 13,
      heading: kind === 'goal' ? 'Måluppfyllelse prognos helår' : kind === 'programme_priority' ? `Prognos helår ${p.year}` : `Prognos för genomförande av uppdrag för helår ${p.year}`,
    });
  }
  return cols;
}

/** The caption above a kind's table ("Tabell 2. Uppföljning och prognos av uppdrag från kommunfullmäktige"). */
export function tableCaption(kind: CaseKind, p: PeriodInfo, n: number): string {
  const prognos = asksForecast(p.term);
  const text: Record<CaseKind, string> = {
    goal: `Uppföljning och uppfyllelse av mål ${monthRange(p)}${prognos ? ` och prognos för ${p.year} (helår)` : ` ${p.year}`}`,
    assignment: `Uppföljning${prognos ? ' och prognos' : ''} av uppdrag från kommunfullmäktige`,
    supplementary_assignment: `Uppföljning${prognos ? ' och prognos' : ''} av tilläggsuppdrag från kommunfullmäktige`,
    programme_priority: `Uppföljning av programprioriteringar per ${perDate(p)}`,
  };
  return `Tabell ${n}. ${text[kind]}`;
}

/**
 * The number shown in the "nr" column: `2020:7` in a 2020 period shows as 7 and `Mål 3` as 3,
 * as in the printed appendix; anything else (a case from an earlier year, `1.2`) as written.
 */
export function displayNumber(reference: string, year: number): string {
  const sameYear = /^(\d{4}):(.+)$/u.exec(reference);
  if (sameYear && Number(sameYear[1]) === year) return sameYear[2];
  const prefixed = /^(?:mål|uppdrag|prioritering)\s+(.+)$/iu.exec(reference);
  if (prefixed) return prefixed[1];
  return reference;
}
