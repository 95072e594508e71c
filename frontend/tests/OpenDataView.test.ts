import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '@/router';
import { useKindsStore } from '@/stores/kinds';
import { FILL } from '@/utils/scale';
import OpenDataView from '@/views/public/OpenDataView.vue';
import { fakeApi, flushPromises, mountWith } from './helpers';

const PERIOD = { id: '2025-T3', year: 2025, term: 'T3', periodEnd: '2025-12-31' };
const ITEM = { reference: 'KHP 1', kind: 'khp_item', title: null, text: 'Trygg skolväg.', body: 'KS', status: 'På väg', comment: 'Halva sträckan.', forecast: null, trend: null, approvedAt: '2026-01-20T10:00:00.000Z' };

describe('open data without a session', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it("names an admin's kind and colours its status from the public answer's kinds (GET /api/kinds is never asked)", async () => {
    const { calls } = fakeApi({
      'GET /api/public/periods': { body: [{ ...PERIOD, state: 'closed', published: true }] },
      'GET /api/public/periods/2025-T3/cases': {
        body: {
          period: PERIOD,
          items: [ITEM],
          total: 1,
          kinds: [{ key: 'khp_item', name: 'KHP-punkt', plural: 'KHP-punkter', position: 0, scale: [{ value: 'Klart', colour: 'green' }, { value: 'På väg', colour: 'blue' }] }],
        },
      },
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    const { wrapper } = mountWith(OpenDataView, { pinia, router });
    for (let i = 0; i < 6; i++) await flushPromises();

    const row = wrapper.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()));
    expect(row[0].slice(0, 2)).toEqual(['KHP 1', 'KHP-punkt']);
    expect(wrapper.text()).not.toContain('khp_item');
    expect(wrapper.find('#od-kind').findAll('option').map((o) => o.text())).toContain('KHP-punkt');
    const blue = document.createElement('span');
    blue.style.background = FILL.blue.bg;
    expect((wrapper.find('.badge__dot').element as HTMLElement).style.background).toBe(blue.style.background);
    expect(useKindsStore().colour('khp_item', 'På väg')).toBe('blue');
    expect(useKindsStore().keys).toEqual([]); // open data's kinds do not become the session's model
    expect(calls.some((c) => c.url.startsWith('/api/kinds'))).toBe(false);
  });

  it('a link naming an older period (?period=) shows that period’s cases, not an empty page', async () => {
    const older = { id: '2020-T2', year: 2020, term: 'T2', periodEnd: '2020-08-31' };
    const { calls } = fakeApi({
      'GET /api/public/periods': { body: [{ ...PERIOD, state: 'closed', published: true }, { ...older, state: 'closed', published: true }] },
      'GET /api/public/periods/2020-T2/cases': {
        body: { period: older, items: [{ ...ITEM, reference: '2020:1', kind: 'khp_item' }], total: 1, kinds: [{ key: 'khp_item', name: 'KHP-punkt', plural: 'KHP-punkter', position: 0, scale: [{ value: 'På väg', colour: 'blue' }] }] },
      },
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    await router.push('/oppen-data?period=2020-T2');
    const { wrapper } = mountWith(OpenDataView, { pinia, router });
    for (let i = 0; i < 6; i++) await flushPromises();

    expect(wrapper.findAll('tbody tr').map((tr) => tr.find('th, td').text())).toEqual(['2020:1']);
    expect(calls.filter((c) => c.url.startsWith('/api/public/periods/')).map((c) => c.url)).toEqual(['/api/public/periods/2020-T2/cases']);
  });
});
