import { computed, reactive } from 'vue';
import type { LocationQuery } from 'vue-router';
import { compareReferences, REPORT_STATES, type Report, type ReportState } from '@uppsikt/shared';
import { useKindsStore } from '@/stores/kinds';
import { reportsApi } from '@/api/reports';
import { usePeriodsStore } from '@/stores/periods';
import { useBodiesStore } from '@/stores/bodies';
import { useResource } from './useResource';

/** The review list's filters, as kept in its URL. `period` '' = every open period. */
export interface QueueFilters {
  period: string;
  state: ReportState;
  body: string;
  /** A kind's key, '' = every kind. */
  kind: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function filtersFromQuery(q: LocationQuery): QueueFilters {
  const state = str(q.state) as ReportState;
  const kind = str(q.kind);
  return { period: str(q.period), state: REPORT_STATES.includes(state) ? state : 'submitted', body: str(q.body), kind: /^[a-z][a-z0-9_]*$/u.test(kind) ? kind : '' };
}

export function filtersToQuery(f: QueueFilters): Record<string, string | undefined> {
  return { period: f.period || undefined, state: f.state, body: f.body || undefined, kind: f.kind || undefined };
}

/**
 * The review queue: reports matching the filters, grouped by period (open ones nearest deadline
 * first), body (by name) and kind, in natural reference order. The list shows it; the review page
 * steps through `order` (next/previous) as it was when the page loaded it.
 */
export function useReviewQueue(initial: QueueFilters) {
  const periods = usePeriodsStore();
  const bodies = useBodiesStore();
  const kinds = useKindsStore();
  const filters = reactive<QueueFilters>({ ...initial });

  /** '' = every open period; else that one. */
  const shownPeriods = computed(() => (filters.period ? periods.choices.filter((p) => p.id === filters.period) : periods.openPeriods));

  const resource = useResource(async (signal) => {
    await Promise.all([periods.load(), bodies.load().catch(() => [])]);
    if (!filters.period && !periods.openPeriods.length) filters.period = periods.sorted[0]?.id ?? '';
    const query = { state: filters.state, body: filters.body || undefined, kind: filters.kind || undefined };
    return (await Promise.all(shownPeriods.value.map((p) => reportsApi.list({ ...query, period: p.id }, signal)))).flat();
  });

  const groups = computed(() => {
    const list = (resource.data.value ?? []).filter((r) => !filters.kind || r.case.kind === filters.kind);
    return shownPeriods.value
      .map((period) => {
        const byBody = new Map<string, Report[]>();
        for (const r of list.filter((x) => x.period === period.id)) byBody.set(r.body, [...(byBody.get(r.body) ?? []), r]);
        return {
          period,
          bodies: [...byBody.entries()]
            .sort(([a], [b]) => bodies.nameOf(a).localeCompare(bodies.nameOf(b), 'sv'))
            .map(([body, rows]) => ({
              body,
              total: rows.length,
              kinds: [...new Set(rows.map((r) => r.case.kind))]
                .sort((a, b) => kinds.rank(a) - kinds.rank(b))
                .map((kind) => ({ kind, rows: rows.filter((r) => r.case.kind === kind).sort((a, b) => compareReferences(a.case.reference, b.case.reference)) })),
            })),
        };
      })
      .filter((g) => g.bodies.length || shownPeriods.value.length === 1);
  });
  /** Every report in the order the list shows them. */
  const order = computed(() => groups.value.flatMap((g) => g.bodies.flatMap((b) => b.kinds.flatMap((k) => k.rows))));

  return { filters, groups, order, data: resource.data, loading: resource.loading, error: resource.error, load: resource.load };
}
