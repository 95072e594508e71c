import { afterEach, describe, expect, it, vi } from 'vitest';
import IndicatorPanel from '@/components/IndicatorPanel.vue';
import { fakeApi, flushPromises, indicator, mountWith } from './helpers';

describe('IndicatorPanel for reviewers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('has no add, change or remove buttons unless manageable', async () => {
    fakeApi({ 'GET /api/cases/M%C3%A5l%207/indicators': { body: [indicator()] } });
    const { wrapper } = mountWith(IndicatorPanel, { props: { reference: 'Mål 7' } });
    await flushPromises();
    expect(wrapper.text()).toContain('Förvärvsarbetande');
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual([]);
    wrapper.unmount();
  });

  it('sends PATCH with the version, and on 409 says so and reloads the fresh indicator into the form', async () => {
    let listed = [indicator()];
    const api = fakeApi({
      'GET /api/cases/M%C3%A5l%207/indicators': () => ({ body: listed }),
      'PATCH /api/indicators/i1': (req) => {
        if ((req.body as { version: number }).version === 3) {
          listed = [indicator({ baseline: 77, version: 4 })];
          return { status: 409, body: { statusCode: 409, message: 'Någon annan har ändrat detta under tiden.', details: [{ path: 'version', message: 'Inaktuell version' }] } };
        }
        return { body: indicator({ baseline: 77, target: 82.5, version: 5 }) };
      },
    });
    const { wrapper } = mountWith(IndicatorPanel, { props: { reference: 'Mål 7', manageable: true } });
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text().startsWith('Ändra'))!.trigger('click');
    await flushPromises();
    const input = (value: string) => wrapper.findAll('dialog input').find((i) => (i.element as HTMLInputElement).value === value);
    await input('80,5')!.setValue('82,5');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ target: 82.5, version: 3 });
    expect(wrapper.find('dialog').text()).toContain('Någon annan har ändrat nyckeltalet under tiden.');
    expect(input('77')).toBeTruthy(); // the fresh baseline
    expect(document.activeElement?.textContent).toContain('Någon annan har ändrat nyckeltalet under tiden.');
    await input('80,5')!.setValue('82,5');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toMatchObject({ target: 82.5, baseline: 77, version: 4 });
    expect(wrapper.find('[role="status"]').text()).toBe('Nyckeltalet Förvärvsarbetande är sparat.');
    expect(wrapper.text()).toContain('Målvärde 82,5 procent (2030)');
    wrapper.unmount();
  });

  it('says so, with focus on the message, when the indicator was removed meanwhile', async () => {
    let listed = [indicator()];
    fakeApi({
      'GET /api/cases/M%C3%A5l%207/indicators': () => ({ body: listed }),
      'PATCH /api/indicators/i1': () => {
        listed = [];
        return { status: 404, body: { statusCode: 404, message: 'Indikatorn finns inte' } };
      },
    });
    const { wrapper } = mountWith(IndicatorPanel, { props: { reference: 'Mål 7', manageable: true } });
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text().startsWith('Ändra'))!.trigger('click');
    await flushPromises();
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog form').exists()).toBe(false);
    expect(document.activeElement?.textContent).toContain('Nyckeltalet finns inte längre.');
    expect(wrapper.emitted('changed')).toHaveLength(1);
    wrapper.unmount();
  });

  it('removes an indicator after the confirmation', async () => {
    const api = fakeApi({
      'GET /api/cases/M%C3%A5l%207/indicators': { body: [indicator()] },
      'DELETE /api/indicators/i1': { status: 204 },
    });
    const { wrapper } = mountWith(IndicatorPanel, { props: { reference: 'Mål 7', manageable: true } });
    await flushPromises();
    // The buttons say which indicator they act on (the name is visually hidden).
    expect(wrapper.findAll('.indicator button').map((b) => b.element.textContent?.replace(/\s+/gu, ' ').trim())).toEqual(['Ändra Förvärvsarbetande', 'Ta bort Förvärvsarbetande']);
    await wrapper.findAll('button').find((b) => b.text().startsWith('Ta bort'))!.trigger('click');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    await wrapper.findAll('dialog button').find((b) => b.text() === 'Ta bort nyckeltalet')!.trigger('click');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'DELETE' && c.url === '/api/indicators/i1')).toBe(true);
    expect(wrapper.find('[role="status"]').text()).toBe('Nyckeltalet Förvärvsarbetande är borttaget.');
    expect(wrapper.text()).toContain('Ärendet har inga nyckeltal ännu.');
    wrapper.unmount();
  });
});
