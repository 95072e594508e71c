import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { usePeriodsStore } from '@/stores/periods';
import { formatDate } from '@/utils/dates';
import type { Option } from '@/utils/options';

/** Period choices for a select: open periods by nearest deadline ("2026-T3 – sista dag 21 dec 2026"), then closed ones. */
export function usePeriodOptions() {
  const { t, locale } = useI18n();
  const periods = usePeriodsStore();
  return computed<Option[]>(() =>
    periods.choices.map((p) => ({
      value: p.id,
      label: p.state === 'open' ? t('periods.optionOpen', { period: p.id, date: formatDate(p.submissionDeadline, locale.value) }) : t('periods.optionClosed', { period: p.id }),
    })),
  );
}
