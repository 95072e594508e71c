import type { Period, Report } from '@uppsikt/shared';
import { reportsApi, type ReportQuery } from '@/api/reports';
import { comparePeriods } from '@/stores/periods';
import { REPORTED_STATES } from './reportHistory';

/**
 * For each case of `query`, its latest submitted or approved report before `period` — the
 * "previous period" every page shows (a draft never counts). Walks back newest first through the
 * earlier periods and stops after the first closed one (a closed period holds every case that was
 * active then), so an open period in between costs one list more, not the whole history.
 */
export async function previousReported(period: Pick<Period, 'year' | 'term'>, all: readonly Period[], query: Omit<ReportQuery, 'period'>, signal?: AbortSignal): Promise<Map<string, Report>> {
  const found = new Map<string, Report>();
  const earlier = all.filter((p) => comparePeriods(p, period) < 0).sort((a, b) => comparePeriods(b, a));
  for (const p of earlier) {
    const list = await reportsApi.list({ ...query, period: p.id }, signal).catch(() => [] as Report[]);
    for (const r of list) if (REPORTED_STATES.includes(r.state) && !found.has(r.case.reference)) found.set(r.case.reference, r);
    if (p.state === 'closed') break;
  }
  return found;
}
