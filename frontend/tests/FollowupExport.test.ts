import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '@/stores/auth';
import FollowupExport from '@/components/FollowupExport.vue';
import { fakeApi, flushPromises, mountWith, setupPlugins, user } from './helpers';

const PERIOD = { id: '2024-T2', year: 2024, term: 'T2', state: 'closed', published: true, submissionDeadline: '2024-09-15T10:00:00.000Z', periodEnd: '2024-08-31', version: 1 };
const PROGRAMME = { reference: 'SH2024', kind: 'programme', title: 'Program för social hållbarhet 2024' };

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await flushPromises();
}

async function mountExport(programmes: unknown[]) {
  fakeApi({
    'GET /api/periods': { body: [PERIOD] },
    'GET /api/cases': { body: { items: programmes, total: programmes.length } },
  });
  const plugins = setupPlugins();
  useAuthStore().user = user([{ role: 'reader' }]);
  const { wrapper } = mountWith(FollowupExport, { ...plugins, props: { heading: 'Ladda ner bilaga' } });
  await settle();
  return wrapper;
}

const hrefs = (wrapper: Awaited<ReturnType<typeof mountExport>>) => wrapper.findAll('a[download]').map((a) => decodeURIComponent(a.attributes('href')!));

describe('FollowupExport', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('offers a programme: its appendix is asked for with under= instead of a kind', async () => {
    const wrapper = await mountExport([PROGRAMME]);
    expect(hrefs(wrapper)[0]).toBe('/api/exports/followup?period=2024-T2&format=docx');
    const label = wrapper.findAll('label').find((l) => l.text() === 'Program')!;
    const select = wrapper.find(`#${label.attributes('for')}`);
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Inget – Bilaga 1 med en tabell per typ', 'SH2024 Program för social hållbarhet 2024']);
    await select.setValue('SH2024');
    expect(hrefs(wrapper)).toEqual(['docx', 'xlsx', 'csv', 'pdf'].map((f) => `/api/exports/followup?period=2024-T2&under=SH2024&format=${f}`));
    // the API takes a programme or a kind, not both: the kind choice goes away meanwhile
    expect(wrapper.findAll('label').map((l) => l.text())).not.toContain('Typ');
  });

  it('without programmes shows only the kind choice', async () => {
    const wrapper = await mountExport([]);
    const labels = wrapper.findAll('label').map((l) => l.text());
    expect(labels).toContain('Typ');
    expect(labels).not.toContain('Program');
  });
});
