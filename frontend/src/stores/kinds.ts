import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { asksForecast as kindAsksForecast, BUILT_IN_KINDS, caseName as nameCase, scaleValues, statusColour, TERMS, type PublicKind, type Term } from '@uppsikt/shared';
import { kindsApi, type Kind, type KindCreate, type KindPatch } from '@/api/kinds';

/** A kind this session does not know (removed, or not loaded): no scale, nothing asked beyond status and comment. */
function unknownKind(key: string): Kind {
  return { key, name: key, plural: key, scale: [], asksForecast: [], asksTrend: false, asksSummary: false, terms: [...TERMS], reported: true, position: Number.MAX_SAFE_INTEGER, builtIn: false, version: 0 };
}
/** Built-in names, only for pages shown without a session (open data), where GET /api/kinds cannot be read. */
const PUBLIC_NAMES = new Map(BUILT_IN_KINDS.map((k) => [k.key, k]));

/**
 * The governance model: every kind of case with its scale and what its reports ask. Loaded once per
 * session (GET /api/kinds, by the router once a user is logged in) and again after an admin changes
 * a kind. Pages ask it for names, scales and colours; the shared pure functions take its `Kind`s.
 */
export const useKindsStore = defineStore('kinds', () => {
  const items = ref<Kind[]>([]);
  const loaded = ref(false);
  let pending: Promise<Kind[]> | null = null;
  /**
   * Kinds as open data names them (the public period answer carries the kinds of its cases), for
   * pages without a session. Only a fallback: the session's model (GET /api/kinds) comes first, and
   * these never join the model's lists (`sorted`, `keys`, `options`).
   */
  const publicKinds = ref(new Map<string, PublicKind>());

  /** In the model's order (position). */
  const sorted = computed(() => [...items.value].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key)));
  const byKey = computed(() => new Map(items.value.map((x) => [x.key, x])));
  const keys = computed(() => sorted.value.map((x) => x.key));
  /** Every kind as a select option (singular name), in the model's order. */
  const options = computed(() => sorted.value.map((x) => ({ value: x.key, label: x.name })));
  /** Every value on any kind's scale, each once, in model order: the status filter's choices. */
  const allValues = computed(() => [...new Set(sorted.value.flatMap((x) => x.scale.map((v) => v.value)))]);

  async function load(force = false): Promise<Kind[]> {
    if (loaded.value && !force) return items.value;
    pending ??= kindsApi
      .list()
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

  /** Replaces the model (tests, or a page that got the kinds another way). */
  function set(list: readonly Kind[]): void {
    items.value = [...list];
    loaded.value = true;
  }

  /** Adds the kinds an open-data answer names (see `publicKinds`). */
  function addPublic(list: readonly PublicKind[]): void {
    const next = new Map(publicKinds.value);
    for (const k of list) next.set(k.key, k);
    publicKinds.value = next;
  }

  function get(key: string | null | undefined): Kind | undefined {
    return key ? byKey.value.get(key) : undefined;
  }
  /** The kind for the shared scale and workflow functions; an unknown key gets an empty one. */
  function kindOf(key: string): Kind {
    const pub = publicKinds.value.get(key);
    return get(key) ?? (pub ? { ...unknownKind(key), ...pub } : unknownKind(key));
  }
  function has(key: string | null | undefined): boolean {
    return !!get(key);
  }
  function label(key: string): string {
    return get(key)?.name ?? publicKinds.value.get(key)?.name ?? PUBLIC_NAMES.get(key)?.name ?? key;
  }
  function plural(key: string): string {
    return get(key)?.plural ?? publicKinds.value.get(key)?.plural ?? PUBLIC_NAMES.get(key)?.plural ?? key;
  }
  /** The kind's values, best first (none for an unknown kind). */
  function values(key: string): string[] {
    return scaleValues(kindOf(key));
  }
  function colour(key: string, value: string | null | undefined) {
    return statusColour(kindOf(key), value);
  }
  function asksForecast(key: string, term: Term): boolean {
    return kindAsksForecast(kindOf(key), term);
  }
  function asksTrend(key: string): boolean {
    return kindOf(key).asksTrend;
  }
  function asksSummary(key: string): boolean {
    return kindOf(key).asksSummary;
  }
  /** A case's name in running text: "KF-uppdrag 2021:8" (the kind's word is not repeated: "KF-mål 10"). */
  function caseName(key: string, reference: string): string {
    return nameCase({ name: label(key) }, reference);
  }
  /** Sort key of a kind: its place in the model (the built-in order when the model is not readable). */
  function rank(key: string): number {
    const i = keys.value.indexOf(key);
    if (i >= 0) return i;
    const j = publicKinds.value.get(key)?.position ?? PUBLIC_NAMES.get(key)?.position;
    return j !== undefined ? 1000 + j : 2000;
  }

  function upsert(kind: Kind): Kind {
    const i = items.value.findIndex((x) => x.key === kind.key);
    if (i >= 0) items.value.splice(i, 1, kind);
    else items.value.push(kind);
    return kind;
  }

  /** Admin: adds a kind, then reloads the model (positions are the server's). */
  async function create(input: KindCreate): Promise<Kind> {
    const kind = upsert(await kindsApi.create(input));
    await load(true).catch(() => items.value);
    return get(kind.key) ?? kind;
  }

  /** Admin: changes a kind (optimistic `version`); a 409 comes back to the page as it is. */
  async function patch(key: string, input: KindPatch): Promise<Kind> {
    const kind = upsert(await kindsApi.patch(key, input));
    await load(true).catch(() => items.value);
    return get(key) ?? kind;
  }

  /**
   * Admin: moves a kind one place up (-1) or down (+1) in the model's order with PATCH {position, version}.
   * Neighbours with distinct positions swap them (two PATCHes) when the order is strict; otherwise
   * (ties, e.g. two kinds added at position 0) every kind gets its place 1…n and only the changed
   * ones are sent. The model is reloaded afterwards, also when a PATCH fails (a 409 comes back as it is).
   */
  async function move(key: string, delta: -1 | 1): Promise<void> {
    const list = sorted.value;
    const i = list.findIndex((x) => x.key === key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= list.length) return;
    const strict = list.every((x, n) => n === 0 || list[n - 1].position < x.position);
    let changes: { kind: Kind; position: number }[];
    if (strict) {
      changes = [{ kind: list[i], position: list[j].position }, { kind: list[j], position: list[i].position }];
    } else {
      const order = [...list];
      order.splice(j, 0, ...order.splice(i, 1));
      changes = order.map((kind, n) => ({ kind, position: n + 1 })).filter((c) => c.kind.position !== c.position);
    }
    try {
      for (const c of changes) await kindsApi.patch(c.kind.key, { position: c.position, version: c.kind.version });
    } finally {
      await load(true).catch(() => items.value);
    }
  }

  return { items, loaded, sorted, keys, options, allValues, load, set, get, kindOf, has, label, plural, values, colour, asksForecast, asksTrend, asksSummary, caseName, rank, addPublic, create, patch, move };
});
