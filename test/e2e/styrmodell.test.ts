/**
 * Administration → Styrmodell (issue 14 item 1): an admin adds a kind with a five-step scale and the
 * new colours, renames one of its values, and the change shows on the page and wherever kinds are
 * offered (the Uppdrag filters). axe finds nothing at 1366×768 and 390×844, and the page never
 * scrolls sideways on the phone.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from './support/server.js';
import { expectCount, expectNoAxeViolationsAtBothSizes, login, screenshot, SCREENSHOT_DIR, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

interface KindRow {
  key: string;
  name: string;
  scale: { value: string; colour: string }[];
  asksForecast: string[];
  asksSummary: boolean;
  version: number;
}

async function kindsFromApi(page: Page): Promise<KindRow[]> {
  const res = await page.request.get('/api/kinds');
  expect(res.status()).toBe(200);
  return (await res.json()) as KindRow[];
}

/** The page itself never scrolls sideways (the kinds table scrolls inside its own region). */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scroll, viewport, wide } = await page.evaluate(() => {
    const w = window.innerWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1 && !el.closest('.table-wrap'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scroll: document.documentElement.scrollWidth, viewport: w, wide: out };
  });
  expect(scroll, `${what}: page width ${scroll} px in a ${viewport} px window; sticking out: ${wide.join(', ')}`).toBeLessThanOrEqual(viewport);
}

const FIVE = [
  ['Klart', 'Grön'],
  ['På väg', 'Blå'],
  ['Påbörjat', 'Gul'],
  ['Ej påbörjat', 'Grå'],
  ['Stoppat', 'Röd'],
] as const;

describe('Styrmodell', () => {
  it('an admin adds a kind with a five-step scale, renames a value, and the change shows', async () => {
    const { page } = await suite.open({ width: 1366, height: 768 });
    await page.goto('/logga-in');
    await login(page, DEMO_USERS.admin);
    await page.goto('/administration');
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Styrmodell' }).click();
    await waitVisible(page.getByRole('heading', { level: 2, name: 'Styrmodell' }), 'the Styrmodell heading');
    const table = page.getByRole('table', { name: 'Typer i styrmodellen' });
    await waitVisible(table.getByRole('rowheader', { name: /KF-uppdrag/ }), 'the built-in kinds in the list');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'styrmodell-list');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, 'Styrmodell on a phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    // A new kind: checked on the page first (no key yet), then added.
    const form = page.getByRole('region', { name: 'Lägg till en typ' });
    await form.getByRole('button', { name: 'Lägg till typen' }).click();
    const summary = form.getByRole('alert');
    await waitVisible(summary, 'the error summary of the new kind');
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Nyckel').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolationsAtBothSizes(page, 'styrmodell-new-errors');

    await form.getByLabel('Nyckel').fill('khp_punkt');
    await form.getByLabel('Namn', { exact: true }).fill('KHP-punkt');
    await form.getByLabel('Namn i plural').fill('KHP-punkter');
    await form.getByRole('button', { name: 'Lägg till värde' }).click();
    await form.getByRole('button', { name: 'Lägg till värde' }).click();
    for (const [i, [value, colour]] of FIVE.entries()) {
      await form.getByLabel(`Värde ${i + 1}`, { exact: true }).fill(value);
      await form.getByLabel(`Färg för värde ${i + 1}`).selectOption({ label: colour });
    }
    await form.getByLabel('Prognos i T1 (januari–april)').uncheck();
    await form.getByLabel('Sammanfattning, högst 300 tecken').check();
    await form.getByRole('button', { name: 'Lägg till typen' }).click();
    await waitVisible(page.getByRole('status').filter({ hasText: 'KHP-punkt är tillagd i styrmodellen.' }), 'the confirmation of the new kind');
    const row = table.getByRole('row', { name: /KHP-punkt/ });
    await waitVisible(row, 'the new kind in the list');
    for (const [value] of FIVE) expect(await row.innerText()).toContain(value);

    let khp = (await kindsFromApi(page)).find((k) => k.key === 'khp_punkt')!;
    expect(khp.scale).toEqual([
      { value: 'Klart', colour: 'green' },
      { value: 'På väg', colour: 'blue' },
      { value: 'Påbörjat', colour: 'yellow' },
      { value: 'Ej påbörjat', colour: 'grey' },
      { value: 'Stoppat', colour: 'red' },
    ]);
    expect(khp.asksForecast).toEqual(['T2']);
    expect(khp.asksSummary).toBe(true);

    // Rename "På väg" (nothing uses it yet) and move "Stoppat" above "Ej påbörjat".
    await page.getByRole('button', { name: 'Ändra KHP-punkt' }).click();
    const edit = page.getByRole('region', { name: 'Ändra KHP-punkt' });
    await waitVisible(edit, 'the edit form');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-kind-heading');
    await edit.getByLabel('Värde 2', { exact: true }).fill('På god väg');
    await waitVisible(edit.getByText('Hette "På väg"'), 'the rename note');
    await edit.getByRole('button', { name: 'Flytta upp Stoppat' }).click();
    expect(await edit.getByLabel('Värde 4', { exact: true }).inputValue()).toBe('Stoppat');
    await expectNoAxeViolationsAtBothSizes(page, 'styrmodell-edit');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, 'the edit form on a phone');
    await screenshot(page, 'styrmodell-edit-phone');
    await edit.screenshot({ path: join(SCREENSHOT_DIR, 'styrmodell-edit-form-390x844.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await edit.getByRole('button', { name: 'Spara' }).click();
    await waitVisible(page.getByRole('status').filter({ hasText: 'Ändringarna i KHP-punkt är sparade.' }), 'the confirmation of the change');
    await expectCount(edit, 0, 'the edit form after saving');
    expect(await row.innerText()).toContain('På god väg');
    expect(await row.innerText()).not.toMatch(/På väg/u);

    khp = (await kindsFromApi(page)).find((k) => k.key === 'khp_punkt')!;
    expect(khp.scale.map((v) => v.value)).toEqual(['Klart', 'På god väg', 'Påbörjat', 'Stoppat', 'Ej påbörjat']);
    expect(khp.version).toBeGreaterThan(1);

    // The change shows wherever kinds are offered: the Uppdrag page's filters.
    await page.getByRole('link', { name: 'Uppdrag', exact: true }).first().click();
    await waitVisible(page.getByRole('heading', { level: 1 }), 'the Uppdrag page');
    await waitForNetworkQuiet(page);
    expect(await page.getByLabel('Typ').locator('option').allInnerTexts()).toContain('KHP-punkt');
    const statuses = await page.getByLabel('Status').locator('option').allInnerTexts();
    expect(statuses).toContain('På god väg');
    expect(statuses).not.toContain('På väg');
  });

  it('refuses to drop a value reports still use: the 409 ("används i N rapporter") shows beside the scale', async () => {
    const tp = await suite.open({ width: 1366, height: 768 });
    const { page } = tp;
    // the refusal is a 409 from PATCH /api/kinds/assignment, which chromium logs
    tp.console.allow((p) => /status of 409/u.test(p.text) && /\/api\/kinds\/assignment$/u.test(p.url ?? ''));
    await page.goto('/logga-in');
    await login(page, DEMO_USERS.admin);
    await page.goto('/administration/styrmodell');
    await page.getByRole('button', { name: 'Ändra KF-uppdrag' }).click();
    const edit = page.getByRole('region', { name: 'Ändra KF-uppdrag' });
    await waitVisible(edit, 'the edit form of KF-uppdrag');
    await edit.getByRole('button', { name: 'Ta bort Delvis genomfört' }).click();
    await waitVisible(edit.getByText('Tas bort när du sparar: Delvis genomfört'), 'the note on the value to be removed');
    await edit.getByRole('button', { name: 'Spara' }).click();
    const summary = edit.getByRole('alert');
    await waitVisible(summary, 'the refusal in the error summary');
    expect(await summary.innerText()).toMatch(/"Delvis genomfört" används i \d+ rapport/u);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const note = edit.locator('#edit-kind-scale-note');
    expect(await note.innerText()).toMatch(/används i \d+ rapport/u);
    expect(await edit.getByRole('group', { name: 'Skala, bästa värdet först' }).getAttribute('aria-describedby')).toContain('edit-kind-scale-note');
    await expectNoAxeViolationsAtBothSizes(page, 'styrmodell-409');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, 'the refusal on a phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    // nothing changed on the server
    const assignment = (await kindsFromApi(page)).find((k) => k.key === 'assignment')!;
    expect(assignment.scale.map((v) => v.value)).toEqual(['Genomfört', 'Delvis genomfört', 'Inte genomfört']);
    await edit.getByRole('button', { name: 'Avbryt' }).click();
    await expectCount(edit, 0, 'the edit form after Avbryt');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-assignment');
  });

  it('moves a kind up: the order changes on the page and in the API, focus stays, the new place is said', async () => {
    const { page } = await suite.open({ width: 1366, height: 768 });
    await page.goto('/logga-in');
    await login(page, DEMO_USERS.admin);
    await page.goto('/administration/styrmodell');
    const table = page.getByRole('table', { name: 'Typer i styrmodellen' });
    await waitVisible(table.getByRole('rowheader', { name: /KF-uppdrag/ }), 'the kinds in the list');
    const before = (await kindsFromApi(page)).map((k) => k.key);
    const at = before.indexOf('assignment');
    expect(at).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Flytta upp KF-uppdrag', exact: true }).click();
    await waitVisible(page.getByText(`KF-uppdrag står nu på plats ${at} av ${before.length}.`), 'the new place, said');
    const after = (await kindsFromApi(page)).map((k) => k.key);
    expect(after.indexOf('assignment')).toBe(at - 1);
    expect(after.indexOf(before[at - 1])).toBe(at);
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^move-(up|down)-assignment$/u);
    expect(await table.getByRole('rowheader').nth(at - 1).innerText()).toContain('KF-uppdrag');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'styrmodell-moved');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, 'Styrmodell with move buttons on a phone');
  });
});
