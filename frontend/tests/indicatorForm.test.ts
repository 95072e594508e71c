import { afterEach, describe, expect, it, vi } from 'vitest';
import IndicatorForm from '@/components/IndicatorForm.vue';
import { checkDraft, draftOf, fieldOf, parseTyped, serverProblems, typedOf } from '@/utils/indicatorForm';
import { i18n } from '@/i18n';
import { fakeApi, flushPromises, indicator, mountWith } from './helpers';

const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {});

describe('indicator form: Swedish figures', () => {
  it('reads "12,5", "1 800" (also with no-break spaces) and a minus sign; empty is null; words are NaN', () => {
    expect(parseTyped('12,5')).toBe(12.5);
    expect(parseTyped('1 800')).toBe(1800);
    expect(parseTyped('1\u00a0800,25')).toBe(1800.25);
    expect(parseTyped('\u22123')).toBe(-3);
    expect(parseTyped('  ')).toBeNull();
    expect(parseTyped('tolv')).toBeNaN();
    expect(parseTyped('1,2,3')).toBeNaN();
  });

  it('shows figures back with a decimal comma', () => {
    expect(typedOf(12.5)).toBe('12,5');
    expect(typedOf(null)).toBe('');
    expect(draftOf(indicator())).toEqual({ name: 'Förvärvsarbetande', unit: 'procent', direction: 'higher', target: '80,5', targetYear: '2030', baseline: '76,2', kpi: 'N00914', gender: 'K' });
    expect(draftOf(null)).toMatchObject({ name: '', direction: '', kpi: '', gender: 'T' });
  });
});

describe('indicator form: checks and body', () => {
  it('asks for a name and a direction, and says which figures are not numbers', () => {
    const { problems, body } = checkDraft({ ...draftOf(null), target: 'mycket', targetYear: '20', kpi: 'Kolada 1' }, t);
    expect(body).toBeNull();
    expect(problems.map((p) => p.path)).toEqual(['name', 'direction', 'target', 'targetYear', 'kolada.kpi']);
    expect(problems[0].message).toBe('Skriv nyckeltalets namn.');
    expect(problems[2].message).toBe('Skriv ett tal, t.ex. 1 800 eller 1,5.');
  });

  it('builds the body: trimmed text, numbers from Swedish input, the KPI upper-cased, no link without a KPI', () => {
    const draft = { name: ' Invånare ', unit: ' st ', direction: 'higher' as const, target: '200 000', targetYear: '2050', baseline: '12,5', kpi: ' n01951 ', gender: 'T' as const };
    expect(checkDraft(draft, t)).toEqual({
      problems: [],
      body: { name: 'Invånare', unit: 'st', direction: 'higher', target: 200000, targetYear: 2050, baseline: 12.5, kolada: { kpi: 'N01951', gender: 'T' } },
    });
    expect(checkDraft({ ...draft, unit: '', target: '', targetYear: '', baseline: '', kpi: '' }, t).body).toEqual({ name: 'Invånare', unit: null, direction: 'higher', target: null, targetYear: null, baseline: null, kolada: null });
  });

  it('puts the server\'s details on the fields', () => {
    expect(serverProblems([{ path: 'body.kolada.kpi', message: 'Ett Kolada-id skrivs som N00945' }])).toEqual([{ path: 'kolada.kpi', message: 'Ett Kolada-id skrivs som N00945' }]);
    expect(['kolada.kpi', 'kolada', 'kolada.gender', 'target', 'targetYear', 'unknown'].map(fieldOf)).toEqual(['kpi', 'kpi', 'gender', 'target', 'targetYear', 'name']);
  });
});

describe('IndicatorForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the problems in a summary and at the fields, and emits nothing', async () => {
    fakeApi({});
    const { wrapper } = mountWith(IndicatorForm, { props: { submitLabel: 'Lägg till nyckeltal' } });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.emitted('save')).toBeUndefined();
    const summary = wrapper.find('[role="alert"]');
    expect(summary.text()).toContain('Skriv nyckeltalets namn.');
    const name = wrapper.findAll('input[type="text"]')[0];
    expect(name.attributes('aria-invalid')).toBe('true');
    expect(document.getElementById(name.attributes('aria-describedby')!.split(' ').pop()!)?.textContent).toContain('Skriv nyckeltalets namn.');
    wrapper.unmount();
  });

  it('emits the body for a change, and shows a server detail at its field', async () => {
    fakeApi({});
    const { wrapper } = mountWith(IndicatorForm, { props: { initial: indicator(), submitLabel: 'Spara', serverProblems: [{ path: 'kolada.kpi', message: 'Okänt KPI' }] } });
    const kpi = wrapper.findAll('input').find((i) => (i.element as HTMLInputElement).value === 'N00914')!;
    expect(kpi.attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Okänt KPI');
    const target = wrapper.findAll('input').find((i) => (i.element as HTMLInputElement).value === '80,5')!;
    await target.setValue('82,5');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('save')?.[0]?.[0]).toMatchObject({ target: 82.5, baseline: 76.2, kolada: { kpi: 'N00914', gender: 'K' } });
    wrapper.unmount();
  });
});
