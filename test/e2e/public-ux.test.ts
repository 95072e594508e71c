/**
 * Open data on a phone, the accessibility statement, the compact phone header, tables that never push
 * the page sideways, the report editor's messages, the glossary's words and web delivery (compressed,
 * cached assets, robots.txt, no 401 in the console of public pages) — at 1366×768 and 390×844, axe on
 * every screen. Screenshots go to E2E_SHOTS_DIR (default test/artifacts/screenshots).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from './support/server.js';
import { expectCount, expectNoAxeViolations, login, SCREENSHOT_DIR, waitForNetworkQuiet, waitVisible, type TestPage } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
type Size = (typeof SIZES)[number];
const SHOTS = process.env.E2E_SHOTS_DIR ?? SCREENSHOT_DIR;

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

async function open(size: Size): Promise<TestPage> {
  return suite.open({ width: size.width, height: size.height });
}

async function as(size: Size, email: string): Promise<Page> {
  const { page } = await open(size);
  await page.goto('/logga-in');
  await login(page, email);
  await settle(page);
  return page;
}

async function settle(page: Page): Promise<void> {
  await waitForNetworkQuiet(page);
  await expectCount(page.locator('[aria-busy="true"]'), 0, 'busy region', 10_000).catch(() => undefined);
  await waitVisible(page.getByRole('heading', { level: 1 }), 'a page heading (h1)');
}

/** The whole page, and the first screen as a visitor sees it. */
async function shot(page: Page, name: string, size: Size): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}-first-screen.png`) });
}

/** The page itself never scrolls sideways (tables scroll inside their own region); names what sticks out. */
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

async function api(method: string, path: string, email: string, body?: unknown) {
  const res0 = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const cookie = res0.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${suite.app.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return res.json();
}

describe.each(SIZES)('at $width×$height', (size) => {
  it('/oppen-data: readable (cards on a phone, a table on a desktop), "Visa fler", the selection in the address, no console errors, axe', async () => {
    const tp = await open(size);
    const { page } = tp;
    // the 2020 appendix (70 cases); the newest published period, the demo programme's 2024-T2, is the default
    await page.goto('/oppen-data?period=2020-T2');
    await settle(page);
    await waitVisible(page.getByRole('status').filter({ hasText: /^Visar 20 av 70\.$/u }), 'the count "Visar 20 av 70."');
    if (size.name === 'phone') {
      await expectCount(page.locator('table'), 0, 'table on a phone');
      await expectCount(page.locator('.od-card'), 20, 'cards');
      // the text column is readable: whole lines, not a few letters wide
      const width = await page.locator('.od-card .od-text').first().evaluate((el) => el.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(250);
    } else {
      await expectCount(page.locator('table tbody tr'), 20, 'table rows');
      const width = await page.locator('td.od-text').first().evaluate((el) => el.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(180);
    }
    // the first 20 follow the governance model's order: KF-mål first, whose texts are the longest
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, 'page height with 20 cases').toBeLessThan(size.name === 'phone' ? 17_000 : 9_000);
    await expectNoSidewaysScroll(page, '/oppen-data');
    await shot(page, 'oppen-data', size);
    await expectNoAxeViolations(page, `/oppen-data ${size.name}`);

    await page.getByRole('button', { name: 'Visa 20 till' }).click();
    await waitVisible(page.getByRole('status').filter({ hasText: /Visar 40 av 70/u }), 'the count "Visar 40 av 70"');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-od-index')), 'focus moves to the first new case').toBe('20');

    // filters are kept in the address and survive a reload
    await page.getByLabel('Typ', { exact: true }).selectOption({ label: 'KF-mål' });
    await page.getByLabel('Sök i texten').fill('bostäder');
    await page.waitForURL((u) => u.searchParams.get('typ') === 'goal' && u.searchParams.get('q') === 'bostäder');
    await page.reload();
    await settle(page);
    expect(await page.getByLabel('Sök i texten').inputValue()).toBe('bostäder');
    expect(await page.getByLabel('Typ', { exact: true }).inputValue()).toBe('goal');
    await waitVisible(page.getByRole('status').filter({ hasText: /\(70 i perioden\)/u }), 'the filtered count');
    const shownText = (await page.getByRole('status').filter({ hasText: /Visar/u }).innerText()).trim();
    expect(shownText).toMatch(/^Visar (\d+) av \1 \(70 i perioden\)\.$/u);
    // a goal is named "KF-mål 1", never "KF-mål Mål 1"
    expect(await page.locator('main').innerText()).not.toMatch(/KF-mål Mål/u);
    expect(tp.console.problems, 'no console errors at all on a public page (no 401 from a session check)').toEqual([]);
  });

  it('the accessibility statement is linked from every page and passes axe', async () => {
    const tp = await open(size);
    const { page } = tp;
    await page.goto('/oppen-data');
    await settle(page);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
    await waitVisible(page.getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse' }), 'the statement');
    for (const h of ['Kända brister', 'Rapportera brister eller be om annat format', 'Tillsyn']) await waitVisible(page.getByRole('heading', { level: 2, name: h }), h);
    await waitVisible(page.getByRole('link', { name: 'Anmäl bristande tillgänglighet till Digg' }), 'the link to Digg');
    await expectNoSidewaysScroll(page, '/tillganglighet');
    await shot(page, 'tillganglighet', size);
    await expectNoAxeViolations(page, `/tillganglighet ${size.name}`);
    await page.goto('/logga-in');
    await waitVisible(page.getByRole('contentinfo').getByRole('link', { name: 'Tillgänglighetsredogörelse' }), 'the statement link on the login page');
    await shot(page, 'logga-in', size);
    expect(tp.console.problems, 'no console errors on public pages').toEqual([]);
  });

  it('the header is compact (phone: one bar, the menu behind "Meny") and the menu passes axe', async () => {
    const page = await as(size, DEMO_USERS.editorKS);
    await waitVisible(page.getByRole('heading', { level: 1, name: 'Mina rapporter' }), 'Mina rapporter');
    const header = await page.getByRole('banner').boundingBox();
    const menu = page.getByRole('banner').getByRole('button', { name: 'Meny' });
    if (size.name === 'phone') {
      expect(header!.height, 'header height on a phone').toBeLessThan(size.height * 0.12);
      await expectCount(page.getByRole('button', { name: 'Logga ut' }), 0, 'visible "Logga ut" before the menu is opened');
      await shot(page, 'mina-rapporter', size);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await waitVisible(page.getByRole('navigation').getByRole('link', { name: 'Mina rapporter' }), 'the menu link');
      await waitVisible(page.getByRole('button', { name: 'Logga ut' }), '"Logga ut" in the open menu');
      await waitVisible(page.getByRole('link', { name: 'Mitt konto' }), '"Mitt konto" in the open menu');
      await shot(page, 'mina-rapporter-meny', size);
      await expectNoAxeViolations(page, 'open phone menu');
      await page.getByRole('navigation').getByRole('link', { name: 'Uppdrag' }).click();
      await settle(page);
      expect(await menu.getAttribute('aria-expanded'), 'the menu closes on navigation').toBe('false');
    } else {
      expect(header!.height, 'header height on a desktop').toBeLessThan(140);
      await expectCount(menu, 0, 'visible "Meny" button on a desktop');
      await waitVisible(page.getByRole('button', { name: 'Logga ut' }), '"Logga ut"');
      await shot(page, 'mina-rapporter', size);
    }
    await expectNoSidewaysScroll(page, 'Mina rapporter');
    await expectNoAxeViolations(page, `Mina rapporter ${size.name}`);
  });

  it('admin and period tables scroll inside a named region, never the page', async () => {
    const page = await as(size, DEMO_USERS.admin);
    for (const [path, region, name] of [
      ['/perioder', 'Alla perioder, senaste först', 'perioder'],
      ['/administration/organ', 'Nämnder och bolag', 'admin-organ'],
      ['/administration/anvandare', 'Användare och roller', 'admin-anvandare'],
      ['/administration/utskick', 'Utskick, nyaste först', 'admin-utskick'],
    ] as const) {
      await page.goto(path);
      await settle(page);
      const r = page.getByRole('region', { name: region });
      await waitVisible(r, `the table region "${region}"`);
      expect(await r.getAttribute('tabindex'), 'the region can be scrolled from the keyboard').toBe('0');
      await expectNoSidewaysScroll(page, path);
      await shot(page, name, size);
      await expectNoAxeViolations(page, `${path} ${size.name}`);
    }
  });

  it('report editor: "Motivering/kommentar saknas" goes away once the comment is typed and saved', async () => {
    const period = (await api('GET', '/api/periods', DEMO_USERS.reviewer)).find((p: { state: string }) => p.state === 'open').id;
    const list = await api('GET', `/api/reports?period=${period}&body=KS&state=not_started&pageSize=100`, DEMO_USERS.reviewer);
    const report = list.items[size.name === 'phone' ? 1 : 0];
    const page = await as(size, DEMO_USERS.editorKS);
    await page.goto(`/rapporter/${report.id}`);
    await settle(page);
    await page.getByRole('button', { name: 'Skicka in' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Rapporten kan inte skickas in än' });
    await waitVisible(summary.filter({ hasText: 'Motivering/kommentar saknas' }), 'the problem summary');
    await page.getByLabel('Motivering/kommentar', { exact: true }).fill('Arbetet pågår enligt plan.');
    await waitVisible(page.getByText(/Sparat \d{1,2}[:.]\d{2}/u), '"Sparat HH:MM"', 15_000);
    expect(await page.locator('main').innerText()).not.toContain('Motivering/kommentar saknas');
    expect(await page.getByLabel('Motivering/kommentar', { exact: true }).getAttribute('aria-invalid')).not.toBe('true');
    expect(await page.locator('main').innerText()).not.toContain('motiveringen är inte omskriven');
    await expectNoSidewaysScroll(page, 'the report editor');
    await shot(page, 'rapport', size);
    await expectNoAxeViolations(page, `report editor ${size.name}`);
  });

  it('Översikt speaks the glossary ("Inte inskickad", plural kinds) and fits the window', async () => {
    const page = await as(size, DEMO_USERS.reviewer);
    await page.goto('/oversikt');
    await settle(page);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Inte inskickad');
    expect(text).not.toMatch(/ej inrapporterad/iu);
    await expectNoSidewaysScroll(page, 'Översikt');
    await shot(page, 'oversikt', size);
    await expectNoAxeViolations(page, `Översikt ${size.name}`);
  });
});

describe('web delivery', () => {
  it('serves precompressed assets (br, gzip) cached for a year, index.html revalidated, a real robots.txt', async () => {
    const html = await fetch(`${suite.app.baseUrl}/oppen-data`);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const body = await html.text();
    const script = /src="(\/assets\/[^"]+\.js)"/u.exec(body)?.[1];
    expect(script, 'the entry script in index.html').toBeTruthy();
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(`${suite.app.baseUrl}${script}`, { headers: { 'accept-encoding': encoding } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding'), `content-encoding for ${encoding}`).toBe(encoding);
      expect(res.headers.get('content-type')).toMatch(/javascript/u);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/iu);
      expect((await res.text()).length).toBeGreaterThan(1000); // fetch decoded it: real JavaScript
    }
    const plain = await fetch(`${suite.app.baseUrl}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    await plain.body?.cancel();
    const robots = await fetch(`${suite.app.baseUrl}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/u);
    expect(await robots.text()).toMatch(/^User-agent: \*$/mu);
  });
});
