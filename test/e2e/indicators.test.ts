/**
 * Issue 15 in the browser: a board official opens the report of a goal with indicators, sees each
 * target, the latest outcome and the last years (chart and table), types this year's value, and
 * the appendix (CSV) then shows it; the reader sees the same indicators on the case page. axe runs
 * at 1366x768 and 390x844.
 */
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, login, screenshot, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { demoApi } from './support/api.js';
import { browserSuite } from './support/suite.js';

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });
const api = demoApi(suite);

const KS = 'ks@uppsikt.test';
const REVIEWER = 'granskare@uppsikt.test';
const REF = 'Mål 10';

describe('indicators beside the status', () => {
  it.each([
    { name: 'laptop', width: 1366, height: 768, value: '1 950', shown: '1\u00a0950' },
    { name: 'phone', width: 390, height: 844, value: '2 050', shown: '2\u00a0050' },
  ])('an official sees targets and history, types a value, and the appendix shows it ($name)', async (size) => {
    const periods = (await api<Array<{ id: string; year: number; state: string }>>('GET', '/api/periods', REVIEWER)).body;
    const open = periods.find((p) => p.state === 'open')!;
    const [report] = (await api<{ items: Array<{ id: string; state: string; version: number }> }>('GET', `/api/reports?case=${encodeURIComponent(REF)}&period=${open.id}`, KS)).body.items;

    const tp = await suite.open({ width: size.width, height: size.height });
    const page = tp.page;
    await page.goto('/logga-in');
    await login(page, KS);
    await page.goto(`/rapporter/${report.id}`);
    await waitForNetworkQuiet(page);
    const panel = page.getByRole('region', { name: 'Indikatorer' });
    await waitVisible(panel, 'the Indikatorer section');
    const card = panel.getByRole('listitem').filter({ hasText: 'Påbörjade bostäder' });
    await waitVisible(card.getByText(/Målvärde 2\u00a0000 st · Utfall/u), 'the target and outcome line');
    // The last years, as a table beside the chart.
    const table = card.getByRole('table', { name: 'Värden för Påbörjade bostäder' });
    await waitVisible(table, 'the table of values');
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(4);
    await expect(table.getByRole('rowheader', { name: '2018' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page, `report editor with indicators (${size.name})`);

    const field = card.getByLabel('Värde (st)');
    await field.fill(size.value);
    await card.getByRole('button', { name: 'Spara värdet' }).click();
    await waitVisible(card.getByRole('status').filter({ hasText: 'Värdet är sparat.' }), 'the saved note');
    await waitVisible(card.getByText(`Utfall ${size.shown} st (${open.year})`), 'the new outcome');
    await expectNoAxeViolations(page, `report editor after typing a value (${size.name})`);
    await screenshot(page, `indicators-editor-${size.name}`);

    // A reader sees the same on the case page.
    const reader = await suite.open({ width: size.width, height: size.height });
    await reader.page.goto('/logga-in');
    await login(reader.page, 'lasare@uppsikt.test');
    await reader.page.goto(`/uppdrag/${encodeURIComponent(REF)}`);
    await waitForNetworkQuiet(reader.page);
    const readerPanel = reader.page.getByRole('region', { name: 'Indikatorer' });
    await waitVisible(readerPanel.getByText(`Utfall ${size.shown} st (${open.year})`), "the reader's view of the new outcome");
    expect(await readerPanel.getByRole('button', { name: 'Spara värdet' }).count()).toBe(0);
    await expectNoAxeViolations(reader.page, `case page with indicators (${size.name})`);
    // From there, every indicator off target.
    await readerPanel.getByRole('link', { name: 'Alla indikatorer som inte når målet' }).click();
    await waitVisible(reader.page.getByRole('heading', { level: 1, name: 'Indikatorer som inte når målet' }), 'the off-target page');
    const offTarget = reader.page.getByRole('table', { name: 'Indikatorer som inte når målet' });
    await waitVisible(offTarget.getByRole('rowheader', { name: 'Andel heltidsanställda' }), 'an indicator off target (81 of 100)');
    expect(await offTarget.getByRole('rowheader', { name: 'Påbörjade bostäder' }).count()).toBe(Number(size.value.replace(' ', '')) < 2000 ? 1 : 0);
    expect(await offTarget.getByRole('rowheader', { name: 'Medarbetare per chef' }).count()).toBe(0); // 29, lower is better, target 30
    await expectNoAxeViolations(reader.page, `indicators off target (${size.name})`);

    // The appendix: the board submits, and the reviewer's preview has the typed outcome.
    const r = (await api<{ state: string; version: number; status: string | null }>('GET', `/api/reports/${report.id}`, KS)).body;
    if (['not_started', 'draft', 'returned'].includes(r.state)) {
      const put = await api('PUT', `/api/reports/${report.id}`, KS, { status: r.status ?? 'Delvis uppfyllt', comment: 'Byggandet ökar.', version: r.version });
      expect(put.status, put.text).toBe(200);
      const sent = await api('POST', `/api/reports/${report.id}/submit`, KS, {});
      expect(sent.status, sent.text).toBe(200);
    }
    const csv = await api<string>('GET', `/api/exports/followup?period=${open.id}&kind=goal&format=csv&includeSubmitted=true`, REVIEWER);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`Påbörjade bostäder: Målvärde 2\u00a0000 st · Utfall ${size.shown} st (${open.year})`);

    // The reviewer sees them while reviewing the report.
    const rev = await suite.open({ width: size.width, height: size.height });
    await rev.page.goto('/logga-in');
    await login(rev.page, REVIEWER);
    await rev.page.goto(`/granskning/${report.id}`);
    await waitForNetworkQuiet(rev.page);
    await waitVisible(rev.page.getByRole('region', { name: 'Indikatorer' }).getByText(`Utfall ${size.shown} st (${open.year})`), "the reviewer's view of the outcome");
    await expectNoAxeViolations(rev.page, `review page with indicators (${size.name})`);
  });
});
