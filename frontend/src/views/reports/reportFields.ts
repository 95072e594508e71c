import { asksForecast, asksSummary, asksTrend, parsePeriodId, type Kind, type Report, type ReportUpdate, type Term } from '@uppsikt/shared';

/** The editable part of a report as the form holds it ('' = not chosen). */
export interface ReportDraft {
  status: string;
  comment: string;
  forecast: string;
  trend: string;
  summary: string;
}

export const DRAFT_FIELDS = ['status', 'forecast', 'trend', 'summary', 'comment'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
/** The fields chosen from a scale (the rest are text). */
export type ScaleField = Exclude<DraftField, 'comment' | 'summary'>;

export function draftFromReport(r: Pick<Report, 'status' | 'comment' | 'forecast' | 'trend'> & { summary?: string | null }): ReportDraft {
  return { status: r.status ?? '', comment: r.comment ?? '', forecast: r.forecast ?? '', trend: r.trend ?? '', summary: r.summary ?? '' };
}

/** PUT body: only the fields this kind and term ask for. */
export function updateFromDraft(d: ReportDraft, kind: Kind, term: Term, version: number): ReportUpdate {
  const update: ReportUpdate = { status: d.status || null, comment: d.comment, version };
  if (asksForecast(kind, term)) update.forecast = d.forecast || null;
  if (asksTrend(kind)) update.trend = d.trend || null;
  if (asksSummary(kind)) update.summary = d.summary || null;
  return update;
}

/** Which fields the form shows for this kind and term. */
export function fieldsFor(kind: Kind, term: Term): DraftField[] {
  return DRAFT_FIELDS.filter((f) => (f === 'forecast' ? asksForecast(kind, term) : f === 'trend' ? asksTrend(kind) : f === 'summary' ? asksSummary(kind) : true));
}

export function termOf(periodId: string): Term {
  return parsePeriodId(periodId)?.term ?? 'T3';
}

/** The autosave key of one user's form for one report (the editor reads a copy left under it). */
export function reportAutosaveKey(reportId: string, userId: string): string {
  return `report:${reportId}:${userId}`;
}
