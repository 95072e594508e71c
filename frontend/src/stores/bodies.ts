import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { compareSwedish, type Body } from '@uppsikt/shared';
import { api, type BodyOf } from '@/api/client';

export const useBodiesStore = defineStore('bodies', () => {
  const items = ref<Body[]>([]);
  const loaded = ref(false);
  let pending: Promise<Body[]> | null = null;

  const sorted = computed(() => [...items.value].sort((a, b) => compareSwedish(a.code, b.code)));
  const active = computed(() => sorted.value.filter((b) => b.active));
  /** Every body as a select option, "Name (CODE)". */
  const options = computed(() => sorted.value.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` })));

  async function load(force = false): Promise<Body[]> {
    if (loaded.value && !force) return items.value;
    pending ??= api('listBodies')
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

  function nameOf(code: string | null | undefined): string {
    if (!code) return '';
    return items.value.find((b) => b.code === code)?.name ?? code;
  }

  function upsert(body: Body): Body {
    const i = items.value.findIndex((b) => b.code === body.code);
    if (i >= 0) items.value.splice(i, 1, body);
    else items.value.push(body);
    return body;
  }

  async function create(input: BodyOf<'createBody'>): Promise<Body> {
    return upsert(await api('createBody', { body: input }));
  }

  async function patch(code: string, input: BodyOf<'patchBody'>): Promise<Body> {
    return upsert(await api('patchBody', { params: { code }, body: input }));
  }

  return { items, loaded, sorted, active, options, load, nameOf, create, patch };
});
