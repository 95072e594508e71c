import { parsePeriodId, type Report, type ReportState } from '@uppsikt/shared';
import { comparePeriods } from '@/stores/periods';

/** States in which a report counts as the body's word for its period (never a draft). */
export const REPORTED_STATES: readonly ReportState[] = ['submitted', 'approved'];

/** Newest period first; ids that do not parse go last, by text. */
export function byPeriodNewestFirst<T extends Pick<Report, 'period'>>(a: T, b: T): number {
  const pa = parsePeriodId(a.period);
  const pb = parsePeriodId(b.period);
  if (pa && pb) return comparePeriods(pb, pa);
  if (pa || pb) return pa ? -1 : 1;
  return b.period.localeCompare(a.period);
}

/** The reports of periods before `period`, newest first. */
export function earlierReports<T extends Pick<Report, 'period'>>(reports: readonly T[], period: string): T[] {
  const current = parsePeriodId(period);
  return reports
    .filter((r) => {
      if (r.period === period) return false;
      const p = parsePeriodId(r.period);
      return !current || !p || comparePeriods(p, current) < 0;
    })
    .sort(byPeriodNewestFirst);
}

/** "Previous period": the latest report before `period` that was submitted or approved. */
export function previousReport<T extends Pick<Report, 'period' | 'state'>>(reports: readonly T[], period: string): T | null {
  return earlierReports(reports, period).find((r) => REPORTED_STATES.includes(r.state)) ?? null;
}

/** Returned work the board still has to send in again: returned, or a draft begun since. */
export function isReturnedWork(r: Pick<Report, 'state' | 'returnedAt'>): boolean {
  return r.state === 'returned' || (r.state === 'draft' && !!r.returnedAt);
}
