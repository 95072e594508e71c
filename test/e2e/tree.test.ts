/**
 * Issue 14 item 3 in the browser: a reviewer builds a small tree by importing a cases file
 * (programme → focus areas → priorities, children listed before their parents, several main
 * owners), then sees the breadcrumb and the child list with statuses on the case pages, and the
 * Uppdrag list filtered to the programme's subtree. axe at 1366x768 and 390x844.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from './support/server.js';
import { expectNoAxeViolations, login, screenshot, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const SIZES = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

const CASES =
  '\uFEFFReferens;Typ;Titel;Uppdragstext;Huvudansvar;Medansvar;Överordnad\r\n' +
  'E2E-SH.1.1;Programprioritering;Minska barnfattigdomen;Barnfattigdomen ska minska.;KS, IFN, FGN;;E2E-SH.1\r\n' +
  'E2E-SH.1.2;Programprioritering;Fler i arbete;Fler ska ha ett arbete.;IFN;Samtliga nämnder och bolag;E2E-SH.1\r\n' +
  'E2E-SH.1;Fokusområde;Goda livsvillkor;Fokusområde 1.;KS;;E2E-SH\r\n' +
  'E2E-SH;Program;Program för social hållbarhet;Programmet.;KS;;\r\n';

async function api(path: string, init: RequestInit & { email: string }): Promise<Response> {
  const login = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: init.email, password: DEMO_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return fetch(`${suite.app.baseUrl}${path}`, { ...init, headers: { ...(init.headers ?? {}), cookie, origin: suite.app.baseUrl } });
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForNetworkQuiet(page);
}

describe('a tree of cases', () => {
  it('is built by a reviewer through the import page', async () => {
    const { page } = await suite.open({ width: 1366, height: 768 });
    await page.goto('/logga-in');
    await login(page, DEMO_USERS.reviewer);
    await visit(page, '/import-export');
    await page.getByLabel('Uppdrag och mål', { exact: true }).check();
    await page.locator('input[type="file"]').first().setInputFiles({ name: 'program.csv', mimeType: 'text/csv', buffer: Buffer.from(CASES, 'utf8') });
    await page.getByRole('button', { name: 'Förhandsgranska' }).first().click();
    const confirm = page.getByRole('button', { name: 'Genomför import' }).first();
    await waitVisible(confirm, 'the confirm button after the preview');
    await confirm.click();
    await waitVisible(page.getByText('Importen är klar: 4 nya, 0 ändrade, 0 oförändrade.').first(), 'the import result');

    // One priority gets an approved status (a past period, imported), the other none.
    const form = new FormData();
    form.append('file', new Blob(['Referens;Period;Nämnd;Status;Motivering/kommentar;Trend\r\nE2E-SH.1.1;2024-T2;KS;Mer arbete krävs;Barnfattigdomen ökar.;Negativ\r\n']), 'status.csv');
    const statuses = await api('/api/imports/reports', { method: 'POST', body: form, email: DEMO_USERS.reviewer });
    expect(statuses.status, await statuses.clone().text()).toBe(200);
  });

  for (const size of SIZES) {
    it(`shows the breadcrumb and the child list with statuses (${size.name})`, async () => {
      const { page } = await suite.open({ width: size.width, height: size.height });
      await page.goto('/logga-in');
      await login(page, DEMO_USERS.reviewer);

      await visit(page, `/uppdrag/${encodeURIComponent('E2E-SH.1.1')}`);
      const crumbs = page.getByRole('navigation', { name: 'Överordnade ärenden' });
      await waitVisible(crumbs, 'the breadcrumb');
      expect(await crumbs.getByRole('link').allInnerTexts()).toEqual(['E2E-SH Program för social hållbarhet', 'E2E-SH.1 Goda livsvillkor']);
      expect(await crumbs.locator('[aria-current="page"]').innerText()).toBe('E2E-SH.1.1');
      await expectNoAxeViolations(page, `priority page (${size.name})`);
      await screenshot(page, `tree-priority-${size.name}`);

      await crumbs.getByRole('link', { name: /Goda livsvillkor/u }).click();
      await waitForNetworkQuiet(page);
      const children = page.getByRole('table', { name: 'Ärenden direkt under E2E-SH.1' });
      await waitVisible(children, 'the child list');
      const rows = children.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(0).innerText()).toContain('Mer arbete krävs');
      expect(await rows.nth(1).innerText()).toContain('Ingen status');
      await expectNoAxeViolations(page, `focus area page (${size.name})`);
      await screenshot(page, `tree-focus-area-${size.name}`);

      await page.getByRole('link', { name: 'Visa alla ärenden under E2E-SH.1 i listan' }).click();
      await waitForNetworkQuiet(page);
      await waitVisible(page.getByText('Visar ärenden under E2E-SH.1.').first(), 'the subtree list');
      expect(await page.locator('table tbody tr').count()).toBe(2);
      await expectNoAxeViolations(page, `subtree list (${size.name})`);
      await screenshot(page, `tree-list-${size.name}`);
    });
  }

  it('lets a reviewer move a case under another parent in the case form', async () => {
    const { page } = await suite.open({ width: 1366, height: 768 });
    await page.goto('/logga-in');
    await login(page, DEMO_USERS.reviewer);
    await visit(page, `/uppdrag/${encodeURIComponent('E2E-SH.1.2')}`);
    await page.getByRole('button', { name: 'Ändra uppdraget' }).click();
    const parent = page.getByLabel('Överordnat ärende');
    expect(await parent.inputValue()).toBe('E2E-SH.1');
    await parent.fill('E2E-SH');
    await expectNoAxeViolations(page, 'case form with parent');
    await page.getByRole('button', { name: 'Spara' }).click();
    await waitForNetworkQuiet(page);
    const crumbs = page.getByRole('navigation', { name: 'Överordnade ärenden' });
    await waitVisible(crumbs.getByText('E2E-SH.1.2'), 'the new breadcrumb');
    expect(await crumbs.getByRole('link').allInnerTexts()).toEqual(['E2E-SH Program för social hållbarhet']);
  });
});
