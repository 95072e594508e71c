/**
 * Indicators managed in the browser: a reviewer adds an indicator with a Kolada link to a goal on
 * its case page, changes its target (once against a stale version: the form says so and shows
 * the fresh indicator), the editor of the lead body then sees it in the report editor, a reader
 * sees it without any buttons, and the reviewer removes it. axe runs with the form open at
 * 1366x768 and 390x844.
 */
import { describe, expect, it } from 'vitest';
import { expectCount, expectNoAxeViolations, expectNoAxeViolationsAtBothSizes, login, screenshot, waitForNetworkQuiet, waitVisible, type TestPage } from './support/browser.js';
import { demoApi } from './support/api.js';
import { browserSuite } from './support/suite.js';

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });
const api = demoApi(suite);

const KS = 'ks@uppsikt.test';
const REVIEWER = 'granskare@uppsikt.test';
const READER = 'lasare@uppsikt.test';
/** A goal of the demo data without indicators; KS leads it. */
const REF = 'Mål 7';
const NAME = 'Förvärvsarbetande invånare';
const casePath = `/uppdrag/${encodeURIComponent(REF)}`;

async function openAs(email: string, path: string, size = { width: 1366, height: 768 }): Promise<TestPage> {
  const tp = await suite.open(size);
  await tp.page.goto('/logga-in');
  await login(tp.page, email);
  await tp.page.goto(path);
  await waitForNetworkQuiet(tp.page);
  return tp;
}

describe('indicators added, changed and removed on the case page', () => {
  it('a reviewer adds one with a Kolada link, changes its target, the editor sees it, and the reviewer removes it', async () => {
    const { page, console } = await openAs(REVIEWER, casePath);
    // The save against a stale version below answers 409, which chromium logs.
    console.allow((p) => /status of 409/u.test(p.text) && /\/api\/indicators\//u.test(p.url ?? ''));
    const panel = page.getByRole('region', { name: 'Indikatorer' });
    await waitVisible(panel.getByText('Ärendet har inga nyckeltal ännu.'), 'the empty indicator panel');

    // Adding: the form checks itself before anything is sent.
    await panel.getByRole('button', { name: 'Lägg till nyckeltal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lägg till nyckeltal' });
    await waitVisible(dialog.getByLabel('Namn'), 'the add form');
    await dialog.getByRole('button', { name: 'Lägg till nyckeltal' }).click();
    const summary = dialog.getByRole('alert').filter({ hasText: 'Det här behöver rättas' });
    await waitVisible(summary, 'the error summary');
    await waitVisible(summary.getByRole('link', { name: 'Skriv nyckeltalets namn.' }), 'the missing name in the summary');
    await waitVisible(summary.getByRole('link', { name: 'Välj om högre eller lägre är bättre.' }), 'the missing direction in the summary');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await expectNoAxeViolationsAtBothSizes(page, 'indicator-form-errors');

    await dialog.getByLabel('Namn').fill(NAME);
    await dialog.getByLabel('Enhet').fill('procent');
    await dialog.getByRole('radio', { name: 'Högre är bättre' }).check();
    await dialog.getByLabel('Målvärde').fill('80,5');
    await dialog.getByLabel('Målår').fill('2030');
    await dialog.getByLabel('Utgångsvärde').fill('76,2');
    await dialog.getByLabel('KPI-id').fill('n00914');
    await dialog.getByLabel('Kön').selectOption({ label: 'Kvinnor' });
    await expectNoAxeViolationsAtBothSizes(page, 'indicator-form-add');
    await dialog.getByRole('button', { name: 'Lägg till nyckeltal' }).click();

    const added = panel.getByRole('status').filter({ hasText: `Nyckeltalet ${NAME} är tillagt.` });
    await waitVisible(added, 'the added note');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(`Nyckeltalet ${NAME} är tillagt.`);
    const card = panel.getByRole('listitem').filter({ hasText: NAME });
    await waitVisible(card.getByText('Målvärde 80,5 procent (2030) · Utfall saknas'), 'the target line');
    await waitVisible(card.getByText(/hämtas från Kolada \(N00914, kvinnor\)/u), 'the Kolada link');
    await waitVisible(card.getByText(/utgångsvärde 76,2 procent/u), 'the baseline');
    const [created] = (await api<Array<{ id: string; target: number; baseline: number; kolada: unknown; version: number }>>('GET', `/api/cases/${encodeURIComponent(REF)}/indicators`, REVIEWER)).body;
    expect(created).toMatchObject({ target: 80.5, baseline: 76.2, targetYear: 2030, direction: 'higher', unit: 'procent', kolada: { kpi: 'N00914', gender: 'K' } });

    // Changing the target; someone else changes the baseline meanwhile.
    await card.getByRole('button', { name: `Ändra ${NAME}` }).click();
    const edit = page.getByRole('dialog', { name: `Ändra nyckeltalet ${NAME}` });
    await waitVisible(edit.getByLabel('Målvärde'), 'the edit form');
    expect(await edit.getByLabel('Målvärde').inputValue()).toBe('80,5');
    const meanwhile = await api('PATCH', `/api/indicators/${created.id}`, REVIEWER, { baseline: 77, version: created.version });
    expect(meanwhile.status, meanwhile.text).toBe(200);
    await edit.getByLabel('Målvärde').fill('82,5');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await waitVisible(edit.getByRole('alert').filter({ hasText: 'Någon annan har ändrat nyckeltalet under tiden.' }), 'the stale-version message');
    await expect.poll(() => edit.getByLabel('Utgångsvärde').inputValue()).toBe('77');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Någon annan har ändrat nyckeltalet under tiden.');
    expect(await edit.getByLabel('Målvärde').inputValue()).toBe('80,5');
    await edit.getByLabel('Målvärde').fill('82,5');
    await expectNoAxeViolationsAtBothSizes(page, 'indicator-form-edit');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await waitVisible(panel.getByRole('status').filter({ hasText: `Nyckeltalet ${NAME} är sparat.` }), 'the saved note');
    await waitVisible(card.getByText('Målvärde 82,5 procent (2030) · Utfall saknas'), 'the new target');
    // The case history on the same page has the change, without a reload.
    const history = page.getByRole('region', { name: 'Historik' });
    await waitVisible(history.getByRole('listitem').filter({ hasText: 'Indikatorn ändrades' }).filter({ hasText: /Målvärde: 80,5 → 82,5|Målvärde: 80\.5 → 82\.5/u }), 'the change in the case history');
    await waitVisible(history.getByText('Indikatorn lades till'), 'the addition in the case history');
    await expectNoAxeViolations(page, 'case page after changing an indicator');
    await screenshot(page, 'indicator-form-after-edit-1366x768');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'indicator-form-after-edit-390x844');

    // The editor of the lead body sees it beside the report, without the reviewer's buttons.
    const periods = (await api<Array<{ id: string; state: string }>>('GET', '/api/periods', REVIEWER)).body;
    const open = periods.find((p) => p.state === 'open')!;
    const [report] = (await api<{ items: Array<{ id: string }> }>('GET', `/api/reports?case=${encodeURIComponent(REF)}&period=${open.id}&body=KS`, KS)).body.items;
    expect(report).toBeTruthy();
    const { page: editor } = await openAs(KS, `/rapporter/${report.id}`);
    const editorPanel = editor.getByRole('region', { name: 'Indikatorer' });
    await waitVisible(editorPanel.getByText('Målvärde 82,5 procent (2030) · Utfall saknas'), "the editor's view of the indicator");
    await expectCount(editorPanel.getByRole('button', { name: /Lägg till nyckeltal|^Ändra|^Ta bort/u }), 0, 'reviewer buttons for the editor');

    // A reader sees it on the case page, and no buttons.
    const { page: reader } = await openAs(READER, casePath);
    const readerPanel = reader.getByRole('region', { name: 'Indikatorer' });
    await waitVisible(readerPanel.getByText('Målvärde 82,5 procent (2030) · Utfall saknas'), "the reader's view of the indicator");
    await expectCount(readerPanel.getByRole('button'), 0, 'buttons for the reader');

    // Removing, after a confirmation.
    await page.setViewportSize({ width: 1366, height: 768 });
    await card.getByRole('button', { name: `Ta bort ${NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Ta bort nyckeltalet ${NAME}?` });
    await waitVisible(confirm, 'the remove confirmation');
    await confirm.getByRole('button', { name: 'Ta bort nyckeltalet' }).click();
    await waitVisible(panel.getByRole('status').filter({ hasText: `Nyckeltalet ${NAME} är borttaget.` }), 'the removed note');
    await waitVisible(panel.getByText('Ärendet har inga nyckeltal ännu.'), 'the empty panel again');
    expect((await api<unknown[]>('GET', `/api/cases/${encodeURIComponent(REF)}/indicators`, REVIEWER)).body).toEqual([]);
    await expectNoAxeViolations(page, 'case page after removing an indicator');
  }, 180_000);

  it('a reader sees no indicator buttons on a case with indicators', async () => {
    const { page: reader } = await openAs(READER, `/uppdrag/${encodeURIComponent('Mål 10')}`, { width: 390, height: 844 });
    const panel = reader.getByRole('region', { name: 'Indikatorer' });
    await waitVisible(panel.getByRole('listitem').filter({ hasText: 'Påbörjade bostäder' }), 'the indicator');
    await expectCount(panel.getByRole('button'), 0, 'buttons for the reader');
    await expectCount(reader.getByRole('button', { name: 'Lägg till nyckeltal' }), 0, 'the add button anywhere');
  });
});
