import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { VueWrapper } from '@vue/test-utils';
import { submissionProblems } from '@uppsikt/shared';
import { useKindsStore } from '@/stores/kinds';
import { ApiError } from '@/api/client';
import { createBody, emptyKindForm, formFromKind, moveRow, newRow, patchBody, removedValues, removeRow, scaleForApi, validateKindForm } from '@/utils/kindForm';
import { FILL } from '@/utils/scale';
import ReportForm from '@/views/reports/ReportForm.vue';
import KindForm from '@/views/admin/KindForm.vue';
import KindsAdminView from '@/views/admin/KindsAdminView.vue';
import StatusBadge from '@/components/StatusBadge.vue';
import { builtInKinds, fakeApi, flushPromises, kind, mountWith, report, seedKinds, setupPlugins } from './helpers';

/** An admin-made kind: a five-step scale with the new colours, a forecast only in T2, a summary. */
const KHP = kind({
  key: 'khp_item',
  name: 'KHP-punkt',
  plural: 'KHP-punkter',
  scale: [
    { value: 'Klart', colour: 'green' },
    { value: 'På väg', colour: 'blue' },
    { value: 'Påbörjat', colour: 'yellow' },
    { value: 'Ej påbörjat', colour: 'grey' },
    { value: 'Stoppat', colour: 'red' },
  ],
  asksForecast: ['T2'],
  asksSummary: true,
  position: 7,
  version: 3,
});

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await flushPromises();
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('kinds store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('loads GET /api/kinds once per session and answers from it', async () => {
    const { calls } = fakeApi({ 'GET /api/kinds': { body: [KHP, ...builtInKinds()] } });
    const kinds = useKindsStore();
    await Promise.all([kinds.load(), kinds.load()]);
    await kinds.load();
    expect(calls.filter((c) => c.url === '/api/kinds')).toHaveLength(1);
    expect(kinds.keys).toEqual(['goal', 'assignment', 'supplementary_assignment', 'programme', 'focus_area', 'programme_priority', 'khp_item']);
    expect(kinds.label('khp_item')).toBe('KHP-punkt');
    expect(kinds.plural('khp_item')).toBe('KHP-punkter');
    expect(kinds.values('khp_item')).toEqual(['Klart', 'På väg', 'Påbörjat', 'Ej påbörjat', 'Stoppat']);
    expect(kinds.colour('khp_item', 'På väg')).toBe('blue');
    expect(kinds.colour('khp_item', 'Ej påbörjat')).toBe('grey');
    expect(kinds.colour('khp_item', 'Genomfört')).toBeNull();
    expect([kinds.asksForecast('khp_item', 'T1'), kinds.asksForecast('khp_item', 'T2'), kinds.asksForecast('khp_item', 'T3')]).toEqual([false, true, false]);
    expect(kinds.asksTrend('khp_item')).toBe(false);
    expect(kinds.asksTrend('programme_priority')).toBe(true);
    expect(kinds.asksSummary('khp_item')).toBe(true);
    expect(kinds.asksSummary('assignment')).toBe(false);
    expect(kinds.caseName('khp_item', '3.2')).toBe('KHP-punkt 3.2');
    expect(kinds.caseName('goal', 'Mål 10')).toBe('KF-mål 10');
    expect(kinds.options[6]).toEqual({ value: 'khp_item', label: 'KHP-punkt' });
    expect(kinds.allValues).toContain('På väg');
    await kinds.load(true);
    expect(calls.filter((c) => c.url === '/api/kinds')).toHaveLength(2);
  });

  it('an unknown key asks nothing beyond status and comment and is named by its key', () => {
    seedKinds();
    const kinds = useKindsStore();
    expect(kinds.label('nytt')).toBe('nytt');
    expect(kinds.values('nytt')).toEqual([]);
    expect(kinds.asksForecast('nytt', 'T1')).toBe(false);
    expect(kinds.rank('nytt')).toBeGreaterThan(kinds.rank('focus_area'));
  });

  it('names built-in kinds on a page without a session (GET /api/kinds needs one), and orders them as built', () => {
    const kinds = useKindsStore();
    expect(kinds.loaded).toBe(false);
    expect(kinds.label('goal')).toBe('KF-mål');
    expect(kinds.plural('programme_priority')).toBe('Programprioriteringar');
    expect(kinds.caseName('assignment', '2021:8')).toBe('KF-uppdrag 2021:8');
    expect(kinds.rank('goal')).toBeLessThan(kinds.rank('assignment'));
    expect(kinds.values('goal')).toEqual([]);
  });

  it('creating or changing a kind reloads the model; a 409 comes back to the page unchanged', async () => {
    let list = builtInKinds();
    const { calls } = fakeApi({
      'GET /api/kinds': () => ({ body: list }),
      'POST /api/kinds': (req) => {
        list = [...list, { ...KHP, ...(req.body as object), version: 1 }];
        return { status: 201, body: list.at(-1) };
      },
      'PATCH /api/kinds/khp_item': { status: 409, body: { statusCode: 409, message: 'Värdet "Stoppat" används i 3 rapporter' } },
    });
    const kinds = useKindsStore();
    await kinds.load();
    await kinds.create(createBody({ ...formFromKind(KHP) }));
    expect(kinds.label('khp_item')).toBe('KHP-punkt');
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
    const err = await kinds.patch('khp_item', patchBody(formFromKind(KHP), 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(409);
    expect((err as ApiError).message).toContain('används i 3 rapporter');
  });
});

describe('kind form logic', () => {
  it('sends a renamed value with what it was, and no "was" for kept or new values', () => {
    const f = formFromKind(KHP);
    f.scale[1]!.value = 'På god väg ';
    f.scale = [...f.scale, newRow('Avbrutet', 'grey')];
    expect(scaleForApi(f.scale)).toEqual([
      { value: 'Klart', colour: 'green' },
      { value: 'På god väg', colour: 'blue', was: 'På väg' },
      { value: 'Påbörjat', colour: 'yellow' },
      { value: 'Ej påbörjat', colour: 'grey' },
      { value: 'Stoppat', colour: 'red' },
      { value: 'Avbrutet', colour: 'grey' },
    ]);
    const body = patchBody(f, KHP.version);
    expect(body.version).toBe(3);
    expect('key' in body).toBe(false);
    expect(removedValues(KHP, f.scale)).toEqual([]);
  });

  it('moves and removes rows; removing a value is known before saving', () => {
    const rows = formFromKind(KHP).scale;
    expect(moveRow(rows, 4, -1).map((r) => r.value)).toEqual(['Klart', 'På väg', 'Påbörjat', 'Stoppat', 'Ej påbörjat']);
    expect(moveRow(rows, 0, -1).map((r) => r.value)).toEqual(rows.map((r) => r.value));
    expect(removedValues(KHP, removeRow(rows, 4))).toEqual(['Stoppat']);
  });

  it('checks a new kind before sending it', () => {
    const f = emptyKindForm();
    expect(validateKindForm(f, ['goal'], true)).toEqual({ key: 'keyFormat', name: 'nameMissing', plural: 'pluralMissing', 'scale.0.value': 'valueMissing', 'scale.1.value': 'valueMissing', 'scale.2.value': 'valueMissing' });
    Object.assign(f, { key: 'goal', name: 'Mål', plural: 'Mål', terms: [] });
    f.scale = [newRow('Ja', 'green'), newRow('ja', 'red')];
    expect(validateKindForm(f, ['goal'], true)).toEqual({ key: 'keyTaken', 'scale.1.value': 'valueTwice', terms: 'termsMissing' });
    f.reported = false;
    f.key = 'tema';
    f.scale = [newRow('Ja', 'green')];
    expect(validateKindForm(f, ['goal'], true)).toEqual({ scale: 'scaleTooShort' });
  });

  it('submission problems follow the kind: forecast only in its terms, summary at most 300 characters', () => {
    const ok = { status: 'På väg', comment: 'Text', forecast: 'Okänd', summary: 'x'.repeat(300) };
    expect(submissionProblems(KHP, 'T1', ok)).toEqual([]);
    expect(submissionProblems(KHP, 'T2', ok).map((p) => p.path)).toEqual(['forecast']);
    expect(submissionProblems(KHP, 'T1', { ...ok, summary: 'x'.repeat(301) }).map((p) => p.path)).toEqual(['summary']);
    expect(submissionProblems(KHP, 'T1', { ...ok, status: 'Genomfört' }).map((p) => p.path)).toEqual(['status']);
  });
});

describe('an admin-made kind in the report form and badges', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('offers the five-step scale, the forecast in T2 only and the summary, and saves the summary', async () => {
    const { calls } = fakeApi({ 'PUT /api/reports/r1': (req) => ({ body: report({ ...(req.body as object), version: 5 }) }) });
    const plugins = setupPlugins();
    seedKinds([...builtInKinds(), KHP]);
    const r = report({ case: { reference: '3.2', kind: 'khp_item', text: 'Fler bostäder', title: null } });
    const { wrapper } = mountWith(ReportForm, { ...plugins, props: { report: r, term: 'T2', previous: null, userId: 'u1' } });
    const labels = wrapper.findAll('label').map((l) => l.text());
    expect(labels).toEqual(['Status', 'Prognos helår', 'Sammanfattning', 'Motivering/kommentar']);
    expect(wrapper.find('#report-status').findAll('option').map((o) => o.text())).toEqual(['Välj …', 'Klart', 'På väg', 'Påbörjat', 'Ej påbörjat', 'Stoppat']);
    const summary = wrapper.find('#report-summary');
    expect(summary.attributes('maxlength')).toBe('300');
    await summary.setValue('Två av tre åtgärder klara.');
    await wrapper.find('#report-status').setValue('På väg');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ status: 'På väg', summary: 'Två av tre åtgärder klara.', forecast: null });
    expect(wrapper.find('#report-summary-hint').text()).toContain('274 kvar');
  });

  it('in T1 the kind asks no forecast', () => {
    fakeApi({});
    const plugins = setupPlugins();
    seedKinds([...builtInKinds(), KHP]);
    const r = report({ case: { reference: '3.2', kind: 'khp_item', text: 'Fler bostäder', title: null } });
    const { wrapper } = mountWith(ReportForm, { ...plugins, props: { report: r, term: 'T1', previous: null, userId: 'u1' } });
    expect(wrapper.findAll('label').map((l) => l.text())).toEqual(['Status', 'Sammanfattning', 'Motivering/kommentar']);
  });

  it('colours a badge blue or grey from the kind, with its text', () => {
    const plugins = setupPlugins();
    seedKinds([...builtInKinds(), KHP]);
    const { wrapper } = mountWith(StatusBadge, { ...plugins, props: { kind: 'khp_item', value: 'På väg' } });
    expect(wrapper.text()).toBe('På väg');
    const style = wrapper.find('.badge__dot').attributes('style')!.toLowerCase();
    expect(style.includes(FILL.blue.bg) || style.includes(hexToRgb(FILL.blue.bg))).toBe(true);
  });
});

describe('KindForm (Styrmodell)', () => {
  function field(wrapper: VueWrapper, label: string) {
    const l = wrapper.findAll('label').find((x) => x.text() === label);
    expect(l, `label "${label}"`).toBeTruthy();
    return wrapper.find(`#${l!.attributes('for')}`);
  }

  it('renames a value: PATCH sends {value, colour, was} with the version', async () => {
    const { calls } = fakeApi({
      'PATCH /api/kinds/khp_item': (req) => ({ body: { ...KHP, version: 4, scale: (req.body as { scale: unknown }).scale } }),
      'GET /api/kinds': { body: [...builtInKinds(), { ...KHP, version: 4 }] },
    });
    const plugins = setupPlugins();
    seedKinds([...builtInKinds(), KHP]);
    const { wrapper } = mountWith(KindForm, { ...plugins, props: { kind: KHP, idPrefix: 'edit' } });
    await field(wrapper, 'Värde 2').setValue('På god väg');
    expect(wrapper.text()).toContain('Hette "På väg"');
    await wrapper.find('form').trigger('submit');
    await settle();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toMatchObject({ version: 3, name: 'KHP-punkt', asksForecast: ['T2'], asksSummary: true });
    expect((patch.body as { scale: unknown[] }).scale[1]).toEqual({ value: 'På god väg', colour: 'blue', was: 'På väg' });
    expect(wrapper.emitted('saved')).toHaveLength(1);
  });

  it('shows the server\'s 409 ("används i N rapporter") beside the scale and in the summary, which takes focus', async () => {
    fakeApi({
      'PATCH /api/kinds/khp_item': {
        status: 409,
        body: { statusCode: 409, message: 'Värden som rapporter använder kan inte tas bort: "Stoppat" används i 3 rapporter. Döp om värdet i stället, eller ändra rapporterna först.', details: [{ path: 'scale', message: '"Stoppat" används i 3 rapporter' }] },
      },
    });
    const plugins = setupPlugins();
    seedKinds([...builtInKinds(), KHP]);
    const { wrapper } = mountWith(KindForm, { ...plugins, props: { kind: KHP, idPrefix: 'edit' } });
    const remove = wrapper.findAll('button').filter((b) => b.text().startsWith('Ta bort'));
    expect(remove.at(-1)!.text()).toBe('Ta bort Stoppat');
    await remove.at(-1)!.trigger('click');
    expect(wrapper.text()).toContain('Tas bort när du sparar: Stoppat');
    await wrapper.find('form').trigger('submit');
    await settle();
    const note = wrapper.find('#edit-scale-note');
    expect(note.text()).toContain('används i 3 rapporter');
    expect(wrapper.find('fieldset').attributes('aria-describedby')).toContain('edit-scale-note');
    const summary = wrapper.find('[role="alert"]');
    expect(summary.text()).toContain('används i 3 rapporter');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('an outdated version (409 on "version") offers to start again from the saved kind', async () => {
    fakeApi({ 'PATCH /api/kinds/khp_item': { status: 409, body: { statusCode: 409, message: 'Någon annan har ändrat detta under tiden. Ladda om och försök igen.', details: [{ path: 'version', message: 'Inaktuell version' }] } } });
    const plugins = setupPlugins();
    seedKinds([...builtInKinds(), KHP]);
    const { wrapper } = mountWith(KindForm, { ...plugins, props: { kind: KHP, idPrefix: 'edit' } });
    await field(wrapper, 'Namn').setValue('Punkt');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(wrapper.find('[role="alert"]').text()).toContain('Någon annan har ändrat typen under tiden');
    const again = wrapper.findAll('button').find((b) => b.text() === 'Börja om från den sparade versionen')!;
    await again.trigger('click');
    expect((field(wrapper, 'Namn').element as HTMLInputElement).value).toBe('KHP-punkt');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('checks a new kind on the page first: errors linked to their fields, nothing sent', async () => {
    const { calls } = fakeApi({});
    const plugins = setupPlugins();
    const { wrapper } = mountWith(KindForm, { ...plugins, props: { idPrefix: 'new' } });
    await field(wrapper, 'Nyckel').setValue('KHP punkt');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(calls.filter((c) => c.url.startsWith('/api/kinds'))).toHaveLength(0);
    const key = field(wrapper, 'Nyckel');
    expect(key.attributes('aria-invalid')).toBe('true');
    const described = key.attributes('aria-describedby')!.split(' ').map((id) => wrapper.find(`#${id}`).text());
    expect(described.join(' ')).toContain('Skriv en nyckel med små bokstäver');
    expect(document.activeElement).toBe(wrapper.find('[role="alert"]').element);
    expect(wrapper.find('[role="alert"] a').attributes('href')).toBe('#new-key');
  });
});

function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('Styrmodell: the kinds\' order', () => {
  /** A fake kind table: PATCH {position, version} changes it and bumps the version; GET lists it in order. */
  function fakeTable(list: ReturnType<typeof builtInKinds>) {
    const table = new Map(list.map((k) => [k.key, structuredClone(k)]));
    const api = fakeApi({
      'GET /api/kinds': () => ({ body: [...table.values()].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key)) }),
    });
    const base = api.fetchMock.getMockImplementation()!;
    api.fetchMock.mockImplementation(async (input, init) => {
      const url = String(input);
      const m = /\/api\/kinds\/(\w+)$/u.exec(url);
      if (init?.method === 'PATCH' && m) {
        const body = JSON.parse(String(init.body)) as { position: number; version: number };
        const k = table.get(m[1])!;
        api.calls.push({ method: 'PATCH', url, body });
        if (body.version !== k.version) return new Response(JSON.stringify({ statusCode: 409, message: 'Ändrad av någon annan' }), { status: 409 });
        Object.assign(k, { position: body.position, version: k.version + 1 });
        return new Response(JSON.stringify(k), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return base(input, init);
    });
    return api;
  }

  it('moves KF-uppdrag above KF-mål: the two swap positions with their versions, focus stays, the new place is said', async () => {
    const { calls } = fakeTable(builtInKinds());
    const plugins = setupPlugins();
    const { wrapper } = mountWith(KindsAdminView, { ...plugins });
    await settle();
    const names = () => wrapper.findAll('tbody th').map((th) => th.text().split('\n')[0].trim().split(' ')[0]);
    expect(names().slice(0, 2)).toEqual(['KF-mål', 'KF-uppdrag']);
    expect(wrapper.find('#move-up-goal').attributes('disabled')).toBeDefined();
    expect(wrapper.find('#move-up-assignment').text()).toBe('Flytta upp KF-uppdrag');

    await wrapper.find('#move-up-assignment').trigger('click');
    await settle();
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => [c.url, c.body])).toEqual([
      ['/api/kinds/assignment', { position: 1, version: 1 }],
      ['/api/kinds/goal', { position: 2, version: 1 }],
    ]);
    expect(names().slice(0, 2)).toEqual(['KF-uppdrag', 'KF-mål']);
    expect(wrapper.find('[data-testid="kinds-order-status"]').text()).toBe('KF-uppdrag står nu på plats 1 av 6.');
    // At the top now: its "up" is disabled, so focus moves to its "down".
    expect(document.activeElement?.id).toBe('move-down-assignment');
  });

  it('kinds on the same position get places 1…n, only the changed ones sent', async () => {
    const list = [kind({ key: 'a_kind', name: 'A', position: 0 }), kind({ key: 'b_kind', name: 'B', position: 0 }), kind({ key: 'c_kind', name: 'C', position: 5 })];
    const { calls } = fakeTable(list);
    setupPlugins();
    const store = useKindsStore();
    await store.load(true);
    await store.move('c_kind', -1);
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => [c.url, c.body])).toEqual([
      ['/api/kinds/a_kind', { position: 1, version: 1 }],
      ['/api/kinds/c_kind', { position: 2, version: 1 }],
      ['/api/kinds/b_kind', { position: 3, version: 1 }],
    ]);
    expect(store.keys).toEqual(['a_kind', 'c_kind', 'b_kind']);
  });

  it('a refused move (409) is shown and the model reloaded', async () => {
    const { calls } = fakeTable(builtInKinds());
    const plugins = setupPlugins();
    seedKinds(builtInKinds().map((k) => (k.key === 'goal' ? { ...k, version: 0 } : k))); // the page's copy is outdated
    const store = useKindsStore();
    await expect(store.move('assignment', -1)).rejects.toBeInstanceOf(ApiError);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
    void plugins;
  });
});
