import { afterEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '@uppsikt/shared';
import ImportSection from '@/views/importexport/ImportSection.vue';
import { fakeApi, flushPromises, mountWith } from './helpers';

type Wrapper = ReturnType<typeof mountWith>['wrapper'];

function labelledControl(wrapper: Wrapper, text: string) {
  const label = wrapper.findAll('label').find((l) => l.text() === text);
  expect(label, `label "${text}"`).toBeTruthy();
  return wrapper.find(`#${label!.attributes('for')}`);
}

async function chooseFile(wrapper: Wrapper, name = 'uppdrag.csv') {
  const input = labelledControl(wrapper, 'Fil (CSV eller XLSX)');
  expect(input.attributes('type')).toBe('file');
  const file = new File(['referens;typ;text\n2021:8;assignment;Utreda\n'], name, { type: 'text/csv' });
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
}

function buttonNamed(wrapper: Wrapper, text: string) {
  return wrapper.findAll('button').find((b) => b.text() === text);
}

/** The router's first navigation asks /api/auth/me; only the import calls matter here. */
const importCalls = (calls: { method: string; url: string }[]) => calls.filter((c) => c.url.startsWith('/api/imports/')).map((c) => `${c.method} ${c.url}`);

const result = (overrides: Partial<ImportResult> = {}): ImportResult => ({ created: 2, updated: 1, unchanged: 4, errors: [], warnings: [], dryRun: true, ...overrides });

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ImportSection', () => {
  it('shows the rows with errors from a 422 preview, says nothing will be written, and offers no confirm button', async () => {
    const { calls } = fakeApi({
      'POST /api/imports/cases': {
        status: 422,
        body: {
          statusCode: 422,
          message: 'Importen avvisades: 2 fel. Ingenting sparades.',
          ...result({
            errors: [
              { row: 3, column: 'kind', message: 'Okänd typ ”uppdragg”' },
              { row: 7, column: null, message: 'Referensen finns två gånger' },
            ],
            warnings: [{ row: 5, column: 'dueOn', message: 'Slutdatumet har passerat' }],
          }),
        },
      },
    });
    const { wrapper } = mountWith(ImportSection);
    await chooseFile(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await flushPromises();

    expect(importCalls(calls)).toEqual(['POST /api/imports/cases?dryRun=true']);

    const errors = wrapper.find('table.import__errors');
    expect(errors.exists()).toBe(true);
    const rows = errors.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()));
    expect(rows).toEqual([
      ['3', 'kind', 'Okänd typ ”uppdragg”'],
      ['7', 'Hela raden', 'Referensen finns två gånger'],
    ]);
    expect(wrapper.find('table.import__warnings tbody td:last-child').text()).toBe('Slutdatumet har passerat');
    expect(wrapper.text()).toContain('Filen har 2 fel.');
    expect(wrapper.text()).toContain('Ingenting kommer att sparas.');
    expect(wrapper.find('[role="status"]').text()).toContain('Ingenting kommer att sparas.');
    expect(buttonNamed(wrapper, 'Genomför import')).toBeUndefined();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('imports indicators through their own endpoint', async () => {
    const { calls } = fakeApi({ 'POST /api/imports/indicators': () => ({ body: result() }) });
    const { wrapper } = mountWith(ImportSection);
    await labelledControl(wrapper, 'Indikatorer (nyckeltal)').setValue(true);
    await chooseFile(wrapper, 'indikatorer.csv');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await flushPromises();
    expect(importCalls(calls)).toEqual(['POST /api/imports/indicators?dryRun=true']);
  });

  it('previews a clean file, then posts it with dryRun=false when confirmed and shows the result', async () => {
    const { calls, fetchMock } = fakeApi({
      'POST /api/imports/reports': (req) => (req.url.includes('dryRun=true') ? { body: result() } : { body: result({ dryRun: false }) }),
    });
    const { wrapper } = mountWith(ImportSection);
    await labelledControl(wrapper, 'Statushistorik').setValue(true);
    await chooseFile(wrapper, 'status.xlsx');
    expect(wrapper.text()).toContain('Vald fil: status.xlsx');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await flushPromises();

    expect(importCalls(calls)).toEqual(['POST /api/imports/reports?dryRun=true']);
    expect(wrapper.find('table.import__errors').exists()).toBe(false);
    expect(wrapper.text()).toContain('Förhandsgranskning');
    const confirm = buttonNamed(wrapper, 'Genomför import');
    expect(confirm).toBeTruthy();

    await confirm!.trigger('click');
    await flushPromises();
    await flushPromises();

    expect(importCalls(calls)).toEqual(['POST /api/imports/reports?dryRun=true', 'POST /api/imports/reports?dryRun=false']);
    // multipart: a FormData body with the file in the field `file`, no JSON content type
    const init = fetchMock.mock.calls.find(([url]) => String(url).includes('dryRun=false'))![1] as RequestInit;
    expect(init.body).toBeInstanceOf(FormData);
    expect(((init.body as FormData).get('file') as File).name).toBe('status.xlsx');
    expect((init.headers as Record<string, string>)['content-type']).toBeUndefined();
    expect(init.credentials).toBe('same-origin');

    expect(wrapper.text()).toContain('Resultat av importen');
    expect(wrapper.find('[role="status"]').text()).toBe('Importen är klar: 2 nya, 1 ändrade, 4 oförändrade.');
    expect(buttonNamed(wrapper, 'Genomför import')).toBeUndefined();
  });

  it('asks for a file before previewing and sends nothing', async () => {
    const { calls } = fakeApi({});
    const { wrapper } = mountWith(ImportSection);
    await wrapper.find('form').trigger('submit');
    const input = labelledControl(wrapper, 'Fil (CSV eller XLSX)');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find(`#${input.attributes('aria-describedby')!.split(' ')[0]}`).text()).toBe('Välj en fil att importera.');
    expect(importCalls(calls)).toHaveLength(0);
  });
});
