import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ReportForm from '@/views/reports/ReportForm.vue';
import { fakeApi, flushPromises, mountWith, report } from './helpers';

function control(wrapper: VueWrapper, label: string) {
  const l = wrapper.findAll('label').find((x) => x.text() === label);
  expect(l, `label "${label}"`).toBeTruthy();
  return wrapper.find(`#${l!.attributes('for')}`);
}
function button(wrapper: VueWrapper, text: string) {
  const b = wrapper.findAll('button').find((x) => x.text() === text);
  expect(b, `button "${text}"`).toBeTruthy();
  return b!;
}
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await flushPromises();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('ReportForm', () => {
  it('shows the report fields for an assignment in T2 (no trend) and autosaves with the version', async () => {
    const { calls } = fakeApi({
      'PUT /api/reports/r1': (req) => ({ body: report({ ...(req.body as object), version: 5, state: 'draft' }) }),
    });
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    expect(control(wrapper, 'Status').element.tagName).toBe('SELECT');
    expect(control(wrapper, 'Prognos helår').element.tagName).toBe('SELECT');
    expect(wrapper.findAll('label').some((l) => l.text() === 'Trend')).toBe(false);
    const options = control(wrapper, 'Status').findAll('option').map((o) => o.text());
    expect(options).toEqual(['Välj …', 'Genomfört', 'Delvis genomfört', 'Inte genomfört']);

    await control(wrapper, 'Status').setValue('Delvis genomfört');
    await control(wrapper, 'Motivering/kommentar').setValue('Arbetet pågår.');
    await vi.advanceTimersByTimeAsync(2400);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ status: 'Delvis genomfört', comment: 'Arbetet pågår.', forecast: null, version: 4 });
    expect(wrapper.find('[aria-live="polite"]').text()).toMatch(/^Sparat \d{2}:\d{2}$/u);
  });

  it('asks for trend, not forecast, on a programme priority in T3', () => {
    fakeApi({});
    const r = report({ case: { reference: '1.1', kind: 'programme_priority', text: 'Trygga bostadsområden', title: null } });
    const { wrapper } = mountWith(ReportForm, { props: { report: r, term: 'T3', previous: null, userId: 'u1' } });
    expect(control(wrapper, 'Trend').findAll('option').map((o) => o.text())).toEqual(['Välj …', 'Positiv', 'Oförändrad', 'Negativ']);
    expect(wrapper.findAll('label').some((l) => l.text() === 'Prognos helår')).toBe(false);
  });

  it('Skicka in explains what is missing, linked to the fields', async () => {
    const { calls } = fakeApi({});
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await button(wrapper, 'Skicka in').trigger('submit');
    await wrapper.find('form').trigger('submit');
    await settle();
    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('Status saknas');
    expect(alert.text()).toContain('Motivering/kommentar saknas');
    const status = control(wrapper, 'Status');
    expect(status.attributes('aria-invalid')).toBe('true');
    const ids = status.attributes('aria-describedby')!.split(' ');
    expect(ids.map((id) => wrapper.find(`#${id}`).text())).toContain('Status saknas');
    expect(calls.filter((c) => c.url.includes('/submit'))).toHaveLength(0);
  });

  it('takes a problem off the summary once its field is filled, and saves (no stale "saknas")', async () => {
    fakeApi({ 'PUT /api/reports/r1': (req) => ({ body: report({ ...(req.body as object), version: 5, state: 'draft' }) }) });
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(wrapper.find('[role="alert"]').text()).toContain('Motivering/kommentar saknas');
    await control(wrapper, 'Motivering/kommentar').setValue('Arbetet pågår enligt plan.');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(wrapper.find('[aria-live="polite"]').text()).toMatch(/^Sparat \d{2}:\d{2}$/u);
    expect(wrapper.text()).not.toContain('Motivering/kommentar saknas');
    expect(wrapper.find('[role="alert"]').text()).toContain('Status saknas');
    expect(control(wrapper, 'Motivering/kommentar').attributes('aria-invalid')).not.toBe('true');
    await control(wrapper, 'Status').setValue('Genomfört');
    await settle();
    expect(wrapper.text()).not.toContain('Status saknas');
  });

  it('does not say the justification was not rewritten when the comment is empty', async () => {
    fakeApi({});
    const previous = report({ id: 'r0', period: '2026-T1', status: 'Delvis genomfört', comment: 'Förra texten.' });
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous, userId: 'u1' } });
    await control(wrapper, 'Status').setValue('Genomfört');
    expect(wrapper.text()).not.toContain('motiveringen är inte omskriven');
  });

  it('warns, without blocking, about a copied comment and a forecast worse than the status', async () => {
    const previous = report({ id: 'r0', period: '2026-T1', status: 'Delvis genomfört', comment: 'Samma text som förut.' });
    const { calls } = fakeApi({
      'PUT /api/reports/r1': (req) => ({ body: report({ ...(req.body as object), version: 5 }) }),
      'POST /api/reports/r1/submit': (req) => ({ body: report({ status: 'Genomfört', comment: 'Samma text som förut.', forecast: 'Inte genomfört', version: (req.body as { version: number }).version + 1, state: 'submitted' }) }),
    });
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous, userId: 'u1' } });
    await control(wrapper, 'Status').setValue('Genomfört');
    await control(wrapper, 'Prognos helår').setValue('Inte genomfört');
    await control(wrapper, 'Motivering/kommentar').setValue('Samma text som förut.');
    const text = wrapper.text();
    expect(text).toContain('Statusen har ändrats sedan förra perioden men motiveringen är inte omskriven.');
    expect(text).toContain('Motiveringen är ordagrant densamma som förra perioden.');
    expect(text).toContain('Prognosen för helåret är sämre än statusen nu');
    await wrapper.find('form').trigger('submit');
    await settle();
    const submit = calls.find((c) => c.url === '/api/reports/r1/submit')!;
    expect(submit.body).toEqual({ version: 5 });
    expect(wrapper.emitted('submitted')).toHaveLength(1);
  });
});

describe('ReportForm – 409 conflict dialog', () => {
  function colleagueSaved() {
    let putCount = 0;
    const api = fakeApi({
      'PUT /api/reports/r1': (req) => {
        putCount++;
        const body = req.body as { version: number };
        if (body.version !== 5) return { status: 409, body: { statusCode: 409, message: 'Rapporten har ändrats', details: [] } };
        return { body: report({ ...(req.body as object), version: 6 }) };
      },
      'GET /api/reports/r1': { body: report({ status: 'Genomfört', comment: 'Kollegans text', version: 5 }) },
    });
    return { ...api, puts: () => putCount };
  }

  async function typeAndHitConflict(wrapper: VueWrapper) {
    await control(wrapper, 'Motivering/kommentar').setValue('Min text');
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
  }

  it('shows both versions side by side when someone else saved first', async () => {
    colleagueSaved();
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await typeAndHitConflict(wrapper);
    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('Rapporten har ändrats av någon annan');
    const rows = dialog.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()));
    expect(rows).toContainEqual(['Motivering/kommentar (skiljer sig)', 'Min text', 'Kollegans text']);
    expect(rows).toContainEqual(['Status (skiljer sig)', '(tomt)', 'Genomfört']);
    expect(wrapper.find('[aria-live="polite"]').text()).toContain('Någon annan har sparat rapporten');
  });

  it('"Behåll min version" saves my text on top of their version', async () => {
    const { calls } = colleagueSaved();
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await typeAndHitConflict(wrapper);
    await button(wrapper, 'Behåll min version').trigger('click');
    await settle();
    const puts = calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[1].body).toMatchObject({ comment: 'Min text', version: 5 });
    expect(wrapper.find('[aria-live="polite"]').text()).toMatch(/^Sparat/u);
  });

  it('"Använd den sparade versionen" replaces my text and saves nothing', async () => {
    const api = colleagueSaved();
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await typeAndHitConflict(wrapper);
    await button(wrapper, 'Använd den sparade versionen').trigger('click');
    await settle();
    expect((control(wrapper, 'Motivering/kommentar').element as HTMLTextAreaElement).value).toBe('Kollegans text');
    expect((control(wrapper, 'Status').element as HTMLSelectElement).value).toBe('Genomfört');
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.puts()).toBe(1);
  });

  it('"Slå ihop" lets me edit a merged version, which is saved with their version number', async () => {
    const { calls } = colleagueSaved();
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await typeAndHitConflict(wrapper);
    await button(wrapper, 'Slå ihop').trigger('click');
    await button(wrapper, 'Hämta Status från den sparade versionen').trigger('click');
    await control(wrapper, 'Sammanslagen: Motivering/kommentar').setValue('Kollegans text. Min text.');
    await wrapper.find('dialog form').trigger('submit');
    await settle();
    const last = calls.filter((c) => c.method === 'PUT').pop()!;
    expect(last.body).toMatchObject({ status: 'Genomfört', comment: 'Kollegans text. Min text.', version: 5 });
  });

  it('Esc closes the dialog; the conflict stays until resolved and can be reopened', async () => {
    colleagueSaved();
    const { wrapper } = mountWith(ReportForm, { props: { report: report(), term: 'T2', previous: null, userId: 'u1' } });
    await typeAndHitConflict(wrapper);
    await wrapper.find('dialog').trigger('keydown', { key: 'Escape' });
    await settle();
    expect(wrapper.find('dialog table').exists()).toBe(false);
    await button(wrapper, 'Jämför versionerna').trigger('click');
    await settle();
    expect(wrapper.find('dialog table').exists()).toBe(true);
  });
});
