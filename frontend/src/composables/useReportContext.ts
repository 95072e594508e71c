import { computed, shallowRef, watch } from 'vue';
import type { CaseDetail, Report } from '@uppsikt/shared';
import { reportsApi } from '@/api/reports';
import { casesApi } from '@/api/cases';
import { usePeriodsStore } from '@/stores/periods';
import { useBodiesStore } from '@/stores/bodies';
import { useResource } from './useResource';
import { earlierReports, previousReport } from '@/utils/reportHistory';

/**
 * One report with its case and its earlier periods, for the report editor and the review page.
 * `report` may be replaced by the page after a write (`report.value = saved`); `load()` fetches
 * everything again and runs whenever `id()` changes.
 */
export function useReportContext(id: () => string) {
  const periods = usePeriodsStore();
  const bodies = useBodiesStore();
  const report = shallowRef<Report | null>(null);
  const caseDetail = shallowRef<CaseDetail | null>(null);

  const resource = useResource(async (signal) => {
    const [r] = await Promise.all([reportsApi.get(id(), signal), periods.load().catch(() => []), bodies.load().catch(() => [])]);
    report.value = r;
    caseDetail.value = await casesApi.get(r.case.reference, signal).catch(() => null);
    return r;
  });
  watch(id, () => void resource.load());

  const period = computed(() => (report.value ? periods.byId(report.value.period) : undefined));
  /** Earlier periods' reports on this case, newest first (any state: the history shows it). */
  const earlier = computed(() => (report.value && caseDetail.value ? earlierReports(caseDetail.value.reports, report.value.period) : []));
  /** The latest earlier report that was submitted or approved — never a draft. */
  const previous = computed(() => (report.value && caseDetail.value ? previousReport(caseDetail.value.reports, report.value.period) : null));

  return { report, caseDetail, period, earlier, previous, loading: resource.loading, error: resource.error, load: resource.load };
}
