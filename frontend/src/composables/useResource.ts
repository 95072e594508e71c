import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';

export interface Resource<T> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<unknown>;
  /** Loads (again); a newer call supersedes an older one still running. */
  load: () => Promise<T | null>;
}

/** Loading/error/data for one async source, with stale answers ignored. */
export function useResource<T>(fetcher: (signal: AbortSignal) => Promise<T>, options: { immediate?: boolean } = {}): Resource<T> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let controller: AbortController | null = null;

  async function load(): Promise<T | null> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetcher(mine.signal);
      if (controller === mine) data.value = result;
      return result;
    } catch (e) {
      if (controller === mine && !mine.signal.aborted) error.value = e;
      return null;
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  if (options.immediate !== false) void load();
  return { data, loading, error, load };
}
