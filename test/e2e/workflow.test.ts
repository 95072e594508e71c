/**
 * The tertial workflow in the browser: an editor writes and submits, a reviewer returns, the
 * editor fixes and resubmits, the reviewer approves; the 409 conflict dialog; the overview's
 * numbers against the API. axe runs on every screen; screenshots of each main page are saved.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './support/server.js';
import { expectNoAxeViolations, login, screenshot, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { browserSuite } from './support/suite.js';

async function api(method: string, path: string, email: string, body?: unknown) {
  const login = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${suite.app.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return res.json();
}

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

async function as(email: string): Promise<Page> {
  const tp = await suite.open();
  await tp.page.goto('/logga-in');
  await login(tp.page, email);
  return tp.page;
}

async function openPeriodId(): Promise<string> {
  const periods = await api('GET', '/api/periods', 'granskare@uppsikt.test');
  return periods.find((p: { state: string }) => p.state === 'open').id;
}

async function untouchedReport(body: string, skip: string[] = []): Promise<{ id: string; reference: string }> {
  const period = await openPeriodId();
  const list = await api('GET', `/api/reports?period=${period}&body=${body}&state=not_started&pageSize=100`, 'granskare@uppsikt.test');
  const r = list.items.find((x: { id: string }) => !skip.includes(x.id));
  return { id: r.id, reference: r.case.reference };
}

async function waitSaved(page: Page) {
  await waitVisible(page.getByText(/Sparat \d{1,2}[:.]\d{2}/), '"Sparat HH:MM"', 15_000);
}

describe('report workflow in the browser', () => {
  it('editor submits, reviewer returns, editor fixes and resubmits, reviewer approves', async () => {
    const report = await untouchedReport('TN');
    const editor = await as('tn@uppsikt.test');
    await editor.goto('/mina-rapporter');
    await waitForNetworkQuiet(editor);
    await expectNoAxeViolations(editor, 'Mina rapporter');
    await screenshot(editor, 'mina-rapporter');

    await editor.goto(`/rapporter/${report.id}`);
    await waitVisible(editor.getByLabel('Status', { exact: true }), 'Status field');
    await editor.getByLabel('Status', { exact: true }).selectOption('Delvis genomfört');
    await editor.getByLabel('Motivering/kommentar').fill('Upphandlingen pågår och beräknas vara klar i mars.');
    await waitSaved(editor);
    await expectNoAxeViolations(editor, 'report editor (draft)');
    await screenshot(editor, 'rapport-utkast');
    await editor.getByRole('button', { name: 'Skicka in' }).click();
    await waitVisible(editor.getByText('Inskickad').first(), 'state Inskickad');
    expect((await api('GET', `/api/reports/${report.id}`, 'granskare@uppsikt.test')).state).toBe('submitted');

    const reviewer = await as('granskare@uppsikt.test');
    await reviewer.goto('/granskning');
    await waitForNetworkQuiet(reviewer);
    await expectNoAxeViolations(reviewer, 'Granskning');
    await screenshot(reviewer, 'granskning');
    await reviewer.goto(`/granskning/${report.id}`);
    await waitVisible(reviewer.getByLabel('Kommentar till nämnden'), 'return comment field');
    await expectNoAxeViolations(reviewer, 'review of one report');
    await reviewer.getByLabel('Kommentar till nämnden').fill('Ange när upphandlingen beslutas.');
    await reviewer.getByRole('button', { name: 'Returnera' }).click();
    await waitVisible(reviewer.getByText('Returnerad').first(), 'state Returnerad');
    expect((await api('GET', `/api/reports/${report.id}`, 'granskare@uppsikt.test')).state).toBe('returned');

    await editor.goto(`/rapporter/${report.id}`);
    await waitVisible(editor.getByText('Ange när upphandlingen beslutas.'), 'the return comment shown to the editor');
    await editor.getByLabel('Motivering/kommentar').fill('Upphandlingen beslutas i tekniska nämnden den 12 mars.');
    await waitSaved(editor);
    await editor.getByRole('button', { name: 'Skicka in' }).click();
    await waitVisible(editor.getByText('Inskickad').first(), 'resubmitted');

    await reviewer.goto(`/granskning/${report.id}`);
    await waitVisible(reviewer.getByRole('button', { name: 'Godkänn' }), 'Godkänn');
    await reviewer.getByRole('button', { name: 'Godkänn' }).click();
    await waitVisible(reviewer.getByText('Godkänd').first(), 'state Godkänd');
    const final = await api('GET', `/api/reports/${report.id}`, 'granskare@uppsikt.test');
    expect(final).toMatchObject({ state: 'approved', status: 'Delvis genomfört', comment: 'Upphandlingen beslutas i tekniska nämnden den 12 mars.' });
    expect(await api('GET', `/api/reports/${report.id}/submissions`, 'granskare@uppsikt.test')).toHaveLength(2);
    await waitVisible(reviewer.getByRole('button', { name: 'Öppna igen' }), 'Öppna igen for approved');
  }, 120_000);

  it('shows both versions when someone else saved meanwhile, and keeps the user\'s text', async () => {
    const report = await untouchedReport('IFN');
    const first = await as('ifn@uppsikt.test');
    const second = await as('ifn@uppsikt.test');
    await first.goto(`/rapporter/${report.id}`);
    await second.goto(`/rapporter/${report.id}`);
    await waitVisible(first.getByLabel('Motivering/kommentar'), 'editor 1');
    await waitVisible(second.getByLabel('Motivering/kommentar'), 'editor 2');
    await first.getByLabel('Motivering/kommentar').fill('Text från första fliken.');
    await waitSaved(first);
    // The stale save answers 409 by design; chromium logs that as a resource error.
    suite.pages.at(-1)!.console.allow((p) => /status of 409/u.test(p.text) && /\/api\/reports\//u.test(p.url ?? ''));
    await second.getByLabel('Motivering/kommentar').fill('Text från andra fliken.');
    const dialog = second.getByRole('dialog');
    await waitVisible(dialog, 'conflict dialog', 15_000);
    await waitVisible(dialog.getByText('Text från första fliken.'), "the other version in the dialog");
    await expectNoAxeViolations(second, 'conflict dialog');
    await screenshot(second, 'konfliktdialog');
    await dialog.getByRole('button', { name: 'Behåll min version' }).click();
    await waitSaved(second);
    expect((await api('GET', `/api/reports/${report.id}`, 'granskare@uppsikt.test')).comment).toBe('Text från andra fliken.');
  }, 90_000);

  it('shows overview numbers that match the data', async () => {
    const period = await openPeriodId();
    const all = await api('GET', `/api/reports?period=${period}&pageSize=500`, 'granskare@uppsikt.test');
    const reported = all.items.filter((r: { state: string }) => r.state === 'submitted' || r.state === 'approved').length;
    const page = await as('granskare@uppsikt.test');
    await page.goto('/oversikt');
    await waitForNetworkQuiet(page);
    await waitVisible(page.getByText(`${all.total} rapporter, varav ${reported} inskickade eller godkända`), 'overview summary');
    await expectNoAxeViolations(page, 'Översikt');
    await screenshot(page, 'oversikt');
    for (const path of ['/uppdrag', '/perioder', '/administration/organ']) {
      await page.goto(path);
      await waitForNetworkQuiet(page);
      await screenshot(page, path.slice(1).replace(/\//g, '-'));
    }
  }, 90_000);
});
