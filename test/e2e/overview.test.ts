/**
 * Översikt on GET /api/overview (issue 14, item 5): a programme rolled up by its focus areas, each
 * with its "2/3 · 1/3" line, stacked bar and table; the same numbers for a reader and a reviewer;
 * axe clean at 1366×768 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from './support/server.js';
import { expectCount, expectNoAxeViolations, login, screenshot, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const PERIOD = '2024-T2';

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

async function session(email: string): Promise<string> {
  const res = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  return res.headers.get('set-cookie')!.split(';')[0];
}

async function api(method: string, path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${suite.app.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function uploadCsv(path: string, cookie: string, csv: string) {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'fil.csv');
  const res = await fetch(`${suite.app.baseUrl}${path}`, { method: 'POST', headers: { cookie }, body: form });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A programme with two focus areas and five priorities, their 2024-T2 statuses approved by import. */
const PROGRAMME = { reference: 'E2E-PRG', title: 'Program för trygghet' };
const AREAS = [
  { reference: 'E2E-PRG:1', title: 'Fokusområde 1: Trygg uppväxt', statuses: ['Enligt plan', 'Enligt plan', 'Mer arbete krävs'] },
  { reference: 'E2E-PRG:2', title: 'Fokusområde 2: Trygga miljöer', statuses: ['Enligt plan', 'Mer arbete krävs'] },
];

async function buildTree(): Promise<void> {
  const reviewer = await session(DEMO_USERS.reviewer);
  await api('POST', '/api/cases', reviewer, { reference: PROGRAMME.reference, kind: 'programme', title: PROGRAMME.title, text: PROGRAMME.title, leadBody: 'KS' });
  const rows = ['Referens;Period;Nämnd;Status;Motivering/kommentar'];
  for (const area of AREAS) {
    await api('POST', '/api/cases', reviewer, { reference: area.reference, kind: 'focus_area', title: area.title, text: area.title, leadBody: 'KS', parent: PROGRAMME.reference });
    for (const [i, status] of area.statuses.entries()) {
      const reference = `${area.reference}.${i + 1}`;
      await api('POST', '/api/cases', reviewer, { reference, kind: 'programme_priority', title: `Prioritering ${reference}`, text: `Prioritering ${reference}`, leadBody: 'KS', parent: area.reference });
      rows.push(`${reference};${PERIOD};KS;${status};Lägesbild ${reference}.`);
    }
  }
  await uploadCsv('/api/imports/reports?dryRun=false', reviewer, `${rows.join('\r\n')}\r\n`);
}

async function signedIn(size: (typeof SIZES)[number], email: string): Promise<Page> {
  const { page } = await suite.open({ width: size.width, height: size.height });
  await page.goto('/logga-in');
  await login(page, email);
  await waitForNetworkQuiet(page);
  return page;
}

describe('Översikt rolls up by focus area', () => {
  it('arranges a programme tree through the API', async () => {
    await buildTree();
    const reviewer = await session(DEMO_USERS.reviewer);
    const o = await api('GET', `/api/overview?period=${PERIOD}&groupBy=parent&under=${encodeURIComponent(PROGRAMME.reference)}`, reviewer);
    expect(o.groups.map((g: { key: string }) => g.key)).toEqual(AREAS.map((a) => a.reference));
  });

  it.each(SIZES)('at $width×$height: choosing the programme shows each focus area with its line, bar and table; axe clean', async (size) => {
    const page = await signedIn(size, DEMO_USERS.reader);
    await page.goto(`/oversikt?period=${PERIOD}`);
    await waitForNetworkQuiet(page);
    await waitVisible(page.getByRole('heading', { level: 1, name: 'Översikt' }), 'the Översikt heading');
    const level = page.getByLabel('Nivå');
    await level.selectOption({ label: `${PROGRAMME.title} – nivån under` });
    await waitForNetworkQuiet(page);
    await waitVisible(page.getByRole('heading', { level: 2, name: `${PROGRAMME.title} – nivån under` }), 'the level heading');
    expect(new URL(page.url()).searchParams.get('under')).toBe(PROGRAMME.reference);
    const groups = page.locator('.overview-group');
    await expectCount(groups, 2, 'one group per focus area');
    for (const [i, area] of AREAS.entries()) {
      const g = groups.nth(i);
      await waitVisible(g.getByRole('heading', { level: 3, name: area.title }), area.title);
      const total = area.statuses.length;
      const green = area.statuses.filter((s) => s === 'Enligt plan').length;
      const line = (await g.locator('.overview-group__summary').innerText()).replace(/\s+/gu, ' ').trim();
      // The visible line, then each count's value for screen readers (visually hidden, in the text).
      expect(line).toContain(`${green}/${total}`);
      expect(line).toContain(`${total - green}/${total}`);
      expect(await g.locator('.overview-group__summary').textContent()).toMatch(new RegExp(`${green}/${total}\\s*Enligt plan,.*${total - green}/${total}\\s*Mer arbete krävs`, 'u'));
      expect(await g.locator('.stacked-bar').getAttribute('aria-hidden')).toBe('true');
      await g.getByText('Visa som tabell').click();
      const table = g.getByRole('table', { name: area.title });
      await waitVisible(table, `${area.title} table`);
      expect(await table.getByRole('row', { name: /Enligt plan/u }).innerText()).toContain(String(green));
    }
    // The legend names each value once, so the colours are not the only carrier of meaning.
    await waitVisible(page.locator('.overview-legend').getByText('Mer arbete krävs'), 'the legend');
    await expectNoAxeViolations(page, `Översikt by focus area ${size.name}`);
    await screenshot(page, `oversikt-fokusomraden-${size.width}x${size.height}`);
  });

  it('gives a reviewer the same lines as the reader', async () => {
    const read = async (email: string) => {
      const page = await signedIn(SIZES[0], email);
      await page.goto(`/oversikt?period=${PERIOD}&under=${encodeURIComponent(PROGRAMME.reference)}`);
      await waitForNetworkQuiet(page);
      await expectCount(page.locator('.overview-group'), 2, 'focus areas');
      return page.locator('.overview-group__summary').allInnerTexts();
    };
    expect(await read(DEMO_USERS.reviewer)).toEqual(await read(DEMO_USERS.reader));
  });
});
