import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Report } from '@uppsikt/shared';
import { reportsApi } from '@/api/reports';
import { useAuthStore } from './auth';
import { usePeriodsStore } from './periods';
import { isReturnedWork } from '@/utils/reportHistory';

/**
 * The editor's returned reports in open periods (returned, or a draft begun since): the count in
 * the navigation. Mina rapporter hands over what it loaded, so both always agree.
 */
export const useReturnedStore = defineStore('returned', () => {
  const items = ref<Report[]>([]);
  const count = computed(() => items.value.length);

  function set(reports: readonly Report[]): void {
    items.value = reports.filter(isReturnedWork);
  }

  async function load(): Promise<void> {
    const auth = useAuthStore();
    const periods = usePeriodsStore();
    const bodies = auth.editorBodies;
    if (!bodies.length) {
      items.value = [];
      return;
    }
    const open = (await periods.load()).filter((p) => p.state === 'open');
    const lists = await Promise.all(
      open.flatMap((p) => bodies.flatMap((body) => (['returned', 'draft'] as const).map((state) => reportsApi.list({ period: p.id, body, state }).catch(() => [] as Report[])))),
    );
    set(lists.flat());
  }

  function clear(): void {
    items.value = [];
  }

  return { items, count, set, load, clear };
});
