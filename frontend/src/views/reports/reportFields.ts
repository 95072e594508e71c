import { asksForecast, asksTrend, parsePeriodId, type CaseKind, type Report, type ReportUpdate, type Term } from '@uppsikt/shared';
import { kindOf } from '@/utils/kinds';

/** The editable part of a report as the form holds it ('' = not chosen). */
export interface ReportDraft {
  status: string;
  comment: string;
  forecast: string;
  trend: string;
}

export const DRAFT_FIELDS = ['status', 'forecast', 'trend', 'comment'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

export function draftFromReport(r: Pick<Report, 'status' | 'comment' | 'forecast' | 'trend'>): ReportDraft {
  return { status: r.status ?? '', comment: r.comment ?? '', forecast: r.forecast ?? '', trend: r.trend ?? '' };
}

/** PUT body: only the fields this kind and term ask for. */
export function updateFromDraft(d: ReportDraft, kind: CaseKind, term: Term, version: number): ReportUpdate {
  const update: ReportUpdate = { status: d.status || null, comment: d.comment, version };
  if (asksForecast(kindOf(kind), term)) update.forecast = d.forecast || null;
  if (asksTrend(kindOf(kind))) update.trend = d.trend || null;
  return update;
}

/** Which fields the form shows for this kind and term. */
export function fieldsFor(kind: CaseKind, term: Term): DraftField[] {
  return DRAFT_FIELDS.filter((f) => (f === 'forecast' ? asksForecast(kindOf(kind), term) : f === 'trend' ? asksTrend(kindOf(kind)) : true));
}

export function termOf(periodId: string): Term {
  return parsePeriodId(periodId)?.term ?? 'T3';
}

/** The autosave key of one user's form for one report (the editor reads a copy left under it). */
export function reportAutosaveKey(reportId: string, userId: string): string {
  return `report:${reportId}:${userId}`;
}
