import { asksForecast, asksSummary, asksTrend, formatDayMonthSv, monthNameSv, type Kind, type Term } from '@uppsikt/shared';

export type ColumnKey = 'number' | 'text' | 'title' | 'status' | 'trend' | 'summary' | 'comment' | 'forecast';

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

/** "31 augusti 2020" */
export function perDate(p: PeriodInfo): string {
  return `${formatDayMonthSv(p.periodEnd)} ${p.year}`;
}

/** "januari–augusti" */
export function monthRange(p: PeriodInfo): string {
  return `januari–${monthNameSv(p.periodEnd)}`;
}

/** How a kind's table is worded: its column headings, caption and file name word. */
interface Wording {
  number: string;
  /** Relative widths of the number and text columns. */
  widths: [number, number];
  status: (p: PeriodInfo) => string;
  forecast: (p: PeriodInfo) => string;
  caption: (p: PeriodInfo, forecast: boolean) => string;
  /** In the file name of a one-kind export ("bilaga-1-2020-T2-uppdrag.csv"). */
  file: string;
}

const assignmentWording = (plural: string, file: string): Wording => ({
  number: 'Uppdrag nr',
  widths: [8, 25],
  status: (p) => `Status för genomförande av uppdrag per ${perDate(p)}`,
  forecast: (p) => `Prognos för genomförande av uppdrag för helår ${p.year}`,
  caption: (_p, f) => `Uppföljning${f ? ' och prognos' : ''} av ${plural} från kommunfullmäktige`,
  file,
});

/**
 * The printed wording of the built-in kinds, word for word as in the 2020 appendix (Bilaga 1).
 * This is wording only: which columns a table has (trend, forecast) and in which order the
 * tables come follow each kind's row; a kind an admin adds is worded from its own names.
 */
const PRINTED: Record<string, Wording> = {
  goal: {
    number: 'Mål nr',
    widths: [7, 26],
    status: (p) => `Måluppfyllelse ${monthRange(p)}`,
    forecast: () => 'Måluppfyllelse prognos helår',
    caption: (p, f) => `Uppföljning och uppfyllelse av mål ${monthRange(p)}${f ? ` och prognos för ${p.year} (helår)` : ` ${p.year}`}`,
    file: 'mal',
  },
  assignment: assignmentWording('uppdrag', 'uppdrag'),
  supplementary_assignment: assignmentWording('tilläggsuppdrag', 'tillaggsuppdrag'),
  programme_priority: {
    number: 'Prioritering nr',
    widths: [9, 25],
    status: (p) => `Lägesbild per ${perDate(p)}`,
    forecast: (p) => `Prognos helår ${p.year}`,
    caption: (p) => `Uppföljning av programprioriteringar per ${perDate(p)}`,
    file: 'programprioriteringar',
  },
};

/** "KHP-punkter" → "khp-punkter": lower case, ASCII letters, digits and hyphens. */
export function fileWord(text: string): string {
  return text
    .toLocaleLowerCase('sv-SE')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

function wording(kind: Kind): Wording {
  return (
    PRINTED[kind.key] ?? {
      number: 'Nr',
      widths: [7, 26],
      status: (p) => `Status per ${perDate(p)}`,
      forecast: (p) => `Prognos helår ${p.year}`,
      caption: (p, f) => `Uppföljning${f ? ' och prognos' : ''} av ${kind.plural} per ${perDate(p)}`,
      file: fileWord(kind.plural) || kind.key,
    }
  );
}

/** The word for a one-kind export's file name. */
export function kindFileWord(kind: Kind): string {
  return wording(kind).file;
}

/** The columns of one kind's table, with headings computed from the period as in the 2020 appendix; trend and forecast as the kind asks them. */
export function appendixColumns(kind: Kind, p: PeriodInfo): AppendixColumn[] {
  const w = wording(kind);
  const forecast = asksForecast(kind, p.term);
  const cols: AppendixColumn[] = [];
  cols.push({ key: 'number', heading: w.number, width: w.widths[0] });
  cols.push({ key: 'text', heading: kind.name, width: w.widths[1] });
  cols.push({ key: 'status', heading: w.status(p), width: 13 });
  if (asksTrend(kind)) cols.push({ key: 'trend', heading: 'Trend', width: 8 });
  // The one-line summary beside the comment (as the programme report prints it), for kinds that ask one.
  if (asksSummary(kind)) cols.push({ key: 'summary', heading: 'Sammanfattning', width: 18 });
  cols.push({ key: 'comment', heading: 'Motivering/kommentar', width: (forecast ? 42 : 55) - (asksSummary(kind) ? 12 : 0) });
  if (forecast) cols.push({ key: 'forecast', width: 13, heading: w.forecast(p) });
  return cols;
}

/** The caption above a kind's table ("Tabell 2. Uppföljning och prognos av uppdrag från kommunfullmäktige"). */
export function tableCaption(kind: Kind, p: PeriodInfo, n: number): string {
  return `Tabell ${n}. ${wording(kind).caption(p, asksForecast(kind, p.term))}`;
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
