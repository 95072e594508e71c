import { vi } from 'vitest';
import { mount, flushPromises, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory, type Router } from 'vue-router';
import type { Component } from 'vue';
import { BUILT_IN_KINDS, type Indicator, type Report, type User } from '@uppsikt/shared';
import { i18n } from '@/i18n';
import { createAppRouter } from '@/router';
import type { Kind } from '@/api/kinds';
import { useKindsStore } from '@/stores/kinds';

export interface FakeResponse {
  status?: number;
  body?: unknown;
}
export type Handler = (req: { method: string; url: string; body: unknown }) => FakeResponse | Promise<FakeResponse>;

/** Replaces fetch with a tiny route table: `'PUT /api/reports/r1': handler`. Records every call. */
export function fakeApi(handlers: Record<string, Handler | FakeResponse>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input.toString();
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const req = { method, url, body };
    calls.push(req);
    const path = url.split('?')[0];
    const entry = handlers[`${method} ${url}`] ?? handlers[`${method} ${path}`];
    if (!entry) return new Response(JSON.stringify({ statusCode: 404, message: `No fake for ${method} ${url}` }), { status: 404 });
    const res = typeof entry === 'function' ? await entry(req) : entry;
    const status = res.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(res.body ?? {}), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export function setupPlugins(): { pinia: Pinia; router: Router } {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  seedKinds(); // as the router guard loads them once a user is logged in
  return { pinia, router };
}

export function mountWith<C extends Component>(component: C, options: ComponentMountingOptions<C> & { pinia?: Pinia; router?: Router } = {}) {
  const plugins = options.pinia && options.router ? { pinia: options.pinia, router: options.router } : setupPlugins();
  const wrapper = mount(component, {
    ...options,
    attachTo: document.body,
    global: { ...(options.global ?? {}), plugins: [plugins.pinia, i18n, plugins.router] },
  } as ComponentMountingOptions<C>);
  return { wrapper, ...plugins };
}

export function user(roles: User['roles'], name = 'Test Testsson'): User {
  return { id: 'u1', email: 'test@uppsikt.test', name, roles };
}

export function report(overrides: Partial<Report> = {}): Report {
  return {
    id: 'r1',
    case: { reference: '2021:8', kind: 'assignment', text: 'Utreda fler bostäder.', title: null },
    period: '2026-T2',
    body: 'KS',
    state: 'draft',
    status: null,
    summary: null,
    comment: '',
    forecast: null,
    trend: null,
    version: 4,
    submittedAt: null,
    approvedAt: null,
    returnComment: null,
    contributions: [],
    ...overrides,
  };
}

/** An indicator as the API answers it (a goal's Kolada-linked share of women in work). */
export function indicator(overrides: Partial<Indicator> = {}): Indicator {
  return {
    id: 'i1',
    case: 'Mål 7',
    name: 'Förvärvsarbetande',
    unit: 'procent',
    direction: 'higher',
    target: 80.5,
    targetYear: 2030,
    baseline: 76.2,
    kolada: { kpi: 'N00914', gender: 'K' },
    values: [],
    latest: null,
    met: null,
    sync: { state: 'never', at: null, message: null },
    version: 3,
    ...overrides,
  };
}

const ALL_TERMS = ['T1', 'T2', 'T3'] as const;

/** One kind row as GET /api/kinds answers it; overrides for the test's own kinds. */
export function kind(overrides: Partial<Kind> & Pick<Kind, 'key'>): Kind {
  return { name: overrides.key, plural: overrides.key, scale: [], asksForecast: ['T1', 'T2'], asksTrend: false, asksSummary: false, terms: [...ALL_TERMS], reported: true, position: 0, builtIn: false, version: 1, ...overrides };
}

/** The built-in kinds of a fresh installation (the shared copy of the kind table's seed rows). */
export function builtInKinds(): Kind[] {
  return BUILT_IN_KINDS.map((k) => structuredClone(k));
}

/** Puts kinds into the active Pinia's kinds store, as the router guard does after login. */
export function seedKinds(list: Kind[] = builtInKinds()): Kind[] {
  useKindsStore().set(list);
  return list;
}

export { flushPromises };
