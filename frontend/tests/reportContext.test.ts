import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { i18n } from '@/i18n';
import FilterSelect from '@/components/FilterSelect.vue';
import { dropAutosaveCopy, readAutosaveCopy, useAutosave } from '@/composables/useAutosave';
import { earlierReports, isReturnedWork, previousReport } from '@/utils/reportHistory';
import { report } from './helpers';

describe('previous period of a report', () => {
  const reports = [
    report({ id: 'a', period: '2026-T1', state: 'approved', status: 'Pågår' }),
    report({ id: 'b', period: '2026-T2', state: 'submitted', status: 'Delvis genomfört' }),
    report({ id: 'c', period: '2026-T3', state: 'draft', status: 'Genomfört' }),
    report({ id: 'd', period: '2027-T1', state: 'not_started' }),
  ];

  it('is the latest submitted or approved report before the period, never a draft', () => {
    expect(previousReport(reports, '2027-T1')?.id).toBe('b');
    expect(previousReport(reports, '2026-T2')?.id).toBe('a');
    expect(previousReport(reports, '2026-T1')).toBeNull();
  });

  it('lists earlier periods newest first, whatever their state', () => {
    expect(earlierReports(reports, '2027-T1').map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('returned work', () => {
  it('is a returned report, or a draft begun since it was returned', () => {
    expect(isReturnedWork(report({ state: 'returned' }))).toBe(true);
    expect(isReturnedWork(report({ state: 'draft', returnedAt: '2026-12-01T10:00:00.000Z' }))).toBe(true);
    expect(isReturnedWork(report({ state: 'draft' }))).toBe(false);
    expect(isReturnedWork(report({ state: 'submitted', returnedAt: null }))).toBe(false);
  });
});

describe('the unsaved copy of an autosaved form', () => {
  it('is read and dropped by the key the form was given', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const form = useAutosave({ storageKey: 'report:r1:u1', initial: { value: { comment: '' }, version: 1 }, save: async (v) => ({ value: v, version: 2 }), loadLatest: async () => ({ value: { comment: '' }, version: 1 }), storage, delay: 60_000 });
    form.draft.value = { comment: 'Skrivet men inte sparat' };
    return Promise.resolve().then(() => {
      expect(readAutosaveCopy<{ comment: string }>('report:r1:u1', storage)).toEqual({ comment: 'Skrivet men inte sparat' });
      expect(readAutosaveCopy('report:r2:u1', storage)).toBeNull();
      dropAutosaveCopy('report:r1:u1', storage);
      expect(readAutosaveCopy('report:r1:u1', storage)).toBeNull();
      form.dispose();
    });
  });
});

describe('FilterSelect', () => {
  it('offers "Alla" first and emits the chosen value', async () => {
    const w = mount(FilterSelect, { props: { id: 'f-kind', label: 'Typ', options: [{ value: 'goal', label: 'KF-mål' }], modelValue: '' }, global: { plugins: [i18n] } });
    expect(w.find('label').attributes('for')).toBe('f-kind');
    expect(w.findAll('option').map((o) => o.text())).toEqual(['Alla', 'KF-mål']);
    await w.find('select').setValue('goal');
    expect(w.emitted('update:modelValue')?.[0]).toEqual(['goal']);
  });

  it('leaves "Alla" out when the choice is required', () => {
    const w = mount(FilterSelect, { props: { id: 'f', label: 'Period', options: [{ value: '2026-T3', label: '2026-T3' }], modelValue: '2026-T3', noAll: true }, global: { plugins: [i18n] } });
    expect(w.findAll('option').map((o) => o.text())).toEqual(['2026-T3']);
  });
});
