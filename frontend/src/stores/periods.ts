import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { TERMS, type Period, type PeriodCreate } from '@uppsikt/shared';
import { api } from '@/api/client';

/** Oldest first: by year, then term. */
export function comparePeriods(a: Pick<Period, 'year' | 'term'>, b: Pick<Period, 'year' | 'term'>): number {
  return a.year - b.year || TERMS.indexOf(a.term) - TERMS.indexOf(b.term);
}

export const usePeriodsStore = defineStore('periods', () => {
  const items = ref<Period[]>([]);
  const loaded = ref(false);
  let pending: Promise<Period[]> | null = null;

  /** Newest first. */
  const sorted = computed(() => [...items.value].sort((a, b) => comparePeriods(b, a)));
  /** Every open period, nearest submission deadline first (then oldest period first). */
  const openPeriods = computed(() =>
    items.value.filter((p) => p.state === 'open').sort((a, b) => Date.parse(a.submissionDeadline) - Date.parse(b.submissionDeadline) || comparePeriods(a, b)),
  );
  /** The open period whose deadline comes first: the default wherever one period is shown. */
  const current = computed<Period | null>(() => openPeriods.value[0] ?? null);
  /** Open periods by deadline, then the closed ones newest first: the order of period choices. */
  const choices = computed(() => [...openPeriods.value, ...sorted.value.filter((p) => p.state !== 'open')]);

  async function load(force = false): Promise<Period[]> {
    if (loaded.value && !force) return items.value;
    pending ??= api('listPeriods')
      .then((list) => {
        items.value = list;
        loaded.value = true;
        return list;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function byId(id: string | null | undefined): Period | undefined {
    return items.value.find((p) => p.id === id);
  }

  function upsert(period: Period): Period {
    const i = items.value.findIndex((p) => p.id === period.id);
    if (i >= 0) items.value.splice(i, 1, period);
    else items.value.push(period);
    return period;
  }

  async function create(input: PeriodCreate): Promise<Period> {
    return upsert(await api('createPeriod', { body: input }));
  }
  async function close(id: string): Promise<Period> {
    return upsert(await api('closePeriod', { params: { id } }));
  }
  async function publish(id: string): Promise<Period> {
    return upsert(await api('publishPeriod', { params: { id } }));
  }

  return { items, loaded, sorted, openPeriods, current, choices, load, byId, create, close, publish };
});
