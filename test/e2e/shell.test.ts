/**
 * The app shell end to end: login page, login errors, per-role navigation, logout, the public
 * open-data page, health, security headers — each screen checked with axe (WCAG 2.1 AA) and for
 * console errors.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from './support/server.js';
import { allowLogin401, axeReport, expectCount, expectNoAxeViolations, fillLoginForm, login, screenshot, waitForPath, waitForNetworkQuiet, waitVisible, type TestPage } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// The suite logs in 8+ times within a minute from one address; the default limit (10/min) would
// make it flaky as it grows. The limiter belongs in a test file of its own.
const suite = browserSuite({ LOGIN_RATE_LIMIT: '200' });

async function newPage(): Promise<TestPage> {
  return suite.open();
}

/** Lets the SPA finish loading: network quiet, no busy regions, an h1 on screen. */
async function settle(page: Page): Promise<void> {
  await waitForNetworkQuiet(page);
  await expectCount(page.locator('[aria-busy="true"]'), 0, 'busy region', 10_000).catch(() => undefined);
  await waitVisible(page.getByRole('heading', { level: 1 }), 'a page heading (h1)');
}

async function gotoLoginPage(page: Page): Promise<void> {
  const res = await page.goto('/');
  expect(res?.status(), 'GET / status').toBe(200);
  await waitVisible(page.getByLabel('E-post', { exact: true }), 'the "E-post" field');
  await settle(page);
}

const navLink = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

describe('login page', () => {
  it('shows the e-mail and password fields and the login button, and passes axe', async () => {
    const { page } = await newPage();
    await gotoLoginPage(page);
    await waitVisible(page.getByLabel('Lösenord', { exact: true }), 'the "Lösenord" field');
    await waitVisible(page.getByRole('button', { name: 'Logga in' }), 'the "Logga in" button');
    expect(await page.getByLabel('Lösenord', { exact: true }).getAttribute('type'), 'password field type').toBe('password');
    await expectCount(page.getByRole('button', { name: 'Logga ut' }), 0, '"Logga ut" button before login');
    expect(await page.locator('html').getAttribute('lang'), 'html lang').toMatch(/^sv\b/u);
    await screenshot(page, 'login');
    await expectNoAxeViolations(page, 'login page');
  });

  it('shows an error (role=alert) for a wrong password, the same one for an unknown user, and passes axe', async () => {
    const { page, console: consoleErrors } = await newPage();
    consoleErrors.allow(allowLogin401);
    await gotoLoginPage(page);

    await fillLoginForm(page, DEMO_USERS.admin, 'inte-rätt-lösenord');
    const alert = page.getByRole('alert').filter({ hasText: /\S/u });
    await waitVisible(alert, 'an error message (role=alert)');
    const wrongPassword = (await alert.first().innerText()).trim();
    expect(wrongPassword.length).toBeGreaterThan(0);
    await expectCount(page.getByRole('button', { name: 'Logga ut' }), 0, '"Logga ut" button after a failed login');
    await screenshot(page, 'login-error');
    await expectNoAxeViolations(page, 'login page with error');

    await fillLoginForm(page, 'finns-inte@uppsikt.test', 'inte-rätt-lösenord');
    await page.waitForResponse((r) => r.url().endsWith('/api/auth/login'), { timeout: 10_000 }).catch(() => undefined);
    await waitVisible(alert, 'an error message (role=alert) for an unknown user');
    expect((await alert.first().innerText()).trim(), 'unknown user and wrong password give the same message').toBe(wrongPassword);
  });
});

interface RoleCase {
  role: string;
  email: string;
  shows: string[];
  hides: string[];
}

const EVERYONE = ['Uppdrag', 'Översikt'];
const REVIEW = ['Granskning', 'Perioder', 'Import och export'];
const roleCases: RoleCase[] = [
  { role: 'admin', email: DEMO_USERS.admin, shows: [...EVERYONE, ...REVIEW, 'Administration'], hides: [] },
  { role: 'reviewer', email: DEMO_USERS.reviewer, shows: [...EVERYONE, ...REVIEW], hides: ['Administration'] },
  { role: 'editor KS', email: DEMO_USERS.editorKS, shows: ['Mina rapporter', ...EVERYONE], hides: [...REVIEW, 'Administration'] },
  { role: 'editor TN', email: DEMO_USERS.editorTN, shows: ['Mina rapporter', ...EVERYONE], hides: [...REVIEW, 'Administration'] },
  { role: 'editor IFN', email: DEMO_USERS.editorIFN, shows: ['Mina rapporter', ...EVERYONE], hides: [...REVIEW, 'Administration'] },
  { role: 'reader', email: DEMO_USERS.reader, shows: EVERYONE, hides: ['Mina rapporter', ...REVIEW, 'Administration'] },
];

describe('logging in per role', () => {
  it.each(roleCases)('$role ($email) sees the right navigation, the landing page passes axe, and logout works', async ({ role, email, shows, hides }) => {
    const { page } = await newPage();
    await gotoLoginPage(page);
    await login(page, email);
    await waitForPath(page, (p) => !p.startsWith('/logga-in'), 'a page other than the login page');
    await settle(page);

    for (const name of shows) await waitVisible(navLink(page, name), `the navigation link "${name}" for ${role}`);
    for (const name of hides) await expectCount(navLink(page, name), 0, `navigation link "${name}" for ${role}`, 0);

    const slug = role.replace(/\s+/gu, '-');
    await screenshot(page, `landing-${slug}`);
    await expectNoAxeViolations(page, `landing page of ${role}`);

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await waitVisible(page.getByLabel('E-post', { exact: true }), 'the login page after logging out');
    await waitVisible(page.getByRole('button', { name: 'Logga in' }), 'the "Logga in" button after logging out');
    await expectCount(page.getByRole('button', { name: 'Logga ut' }), 0, '"Logga ut" button after logging out');

    // The session really ended: a reload still shows the login page.
    await page.reload();
    await waitVisible(page.getByLabel('E-post', { exact: true }), 'the login page after reloading');
    await expectCount(page.getByRole('button', { name: 'Logga ut' }), 0, '"Logga ut" button after reloading');
  });
});

describe('main navigation', () => {
  // Not only the landing pages: every page in the menu opens, shows an h1, logs no errors and passes
  // axe. All violations are collected first so one run lists them all.
  it.each([
    { role: 'admin', email: DEMO_USERS.admin, items: [...EVERYONE, ...REVIEW, 'Administration'] },
    { role: 'editor KS', email: DEMO_USERS.editorKS, items: ['Mina rapporter'] },
  ])('every menu page of $role opens and passes axe', async ({ role, email, items }) => {
    const { page } = await newPage();
    await gotoLoginPage(page);
    await login(page, email);
    await settle(page);
    const problems: string[] = [];
    for (const name of items) {
      const link = navLink(page, name).first();
      const href = await link.getAttribute('href');
      await link.click();
      if (href?.startsWith('/')) await waitForPath(page, (p) => p.startsWith(href.split(/[?#]/u)[0]), href);
      await settle(page);
      await screenshot(page, `menu-${role.replace(/\s+/gu, '-')}-${name}`);
      const report = await axeReport(page, `"${name}" (${role})`);
      if (report) problems.push(report);
    }
    if (problems.length) throw new Error(problems.join('\n'));
  });
});

describe('public pages', () => {
  it('/oppen-data is reachable without login and passes axe', async () => {
    const { page } = await newPage();
    const res = await page.goto('/oppen-data');
    expect(res?.status(), 'GET /oppen-data status').toBe(200);
    await settle(page);
    expect(new URL(page.url()).pathname, 'not redirected to login').toBe('/oppen-data');
    await expectCount(page.getByLabel('E-post', { exact: true }), 0, '"E-post" login field on the open data page');
    await screenshot(page, 'oppen-data');
    await expectNoAxeViolations(page, 'open data page');
  });
});

describe('HTTP', () => {
  it('GET /api/health is 200 with status ok', async () => {
    const res = await fetch(`${suite.app.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.database?.status).toBe('up');
    expect(body.checks.redis?.status).toBe('up');
  });

  it.each(['/', '/oppen-data', '/logga-in'])('the HTML page %s carries security headers', async (path) => {
    const res = await fetch(`${suite.app.baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type') ?? '').toMatch(/^text\/html/u);
    const csp = res.headers.get('content-security-policy');
    expect(csp, 'content-security-policy header').toBeTruthy();
    expect(csp).toMatch(/default-src 'self'/u);
    expect(csp).toMatch(/frame-ancestors 'none'/u);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(?:inline|eval)'/u);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    await res.body?.cancel();
  });
});

describe('first load of a page with a session', () => {
  const SESSION_DATA = ['/api/auth/me', '/api/kinds', '/api/periods', '/api/bodies'];
  const linkedPaths = (link: string | undefined) => (link ?? '').split(',').map((l) => /<([^>]+)>/u.exec(l)?.[1] ?? '').filter(Boolean);

  it('fetches who is logged in, kinds, periods and bodies once each, alongside the scripts (preloaded by the page)', async () => {
    const { page } = await newPage();
    await gotoLoginPage(page);
    await login(page, DEMO_USERS.editorKS);
    await settle(page);

    const asked: Array<{ path: string; type: string }> = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/') || path.startsWith('/assets/')) asked.push({ path, type: r.resourceType() });
    });
    const res = await page.goto('/mina-rapporter');
    const linked = linkedPaths(res?.headers().link);
    expect(linked.filter((p) => p.startsWith('/api/'))).toEqual(SESSION_DATA);
    expect(res?.headers()['server-timing']).toBe('session');
    // The page's own code, from the build's route table: its view and what it imports.
    expect(linked.some((p) => /^\/assets\/MyReportsView-[\w-]+\.js$/u.test(p))).toBe(true);
    await settle(page);
    await waitVisible(page.getByRole('heading', { level: 1, name: 'Mina rapporter' }), 'Mina rapporter');

    for (const path of SESSION_DATA) expect(asked.filter((a) => a.path === path), `requests of ${path}`).toHaveLength(1);
    // Asked for before the app's own scripts, not after they ran.
    const firstScript = asked.findIndex((a) => a.type === 'script' && !linked.includes(a.path));
    for (const path of SESSION_DATA) expect(asked.findIndex((a) => a.path === path), `${path} before the first script`).toBeLessThan(firstScript);
    // The view's code too, and each preloaded file is fetched once (the app's import takes the preload).
    expect(asked.findIndex((a) => a.path.startsWith('/assets/MyReportsView-')), 'the view before the first script').toBeLessThan(firstScript);
    for (const path of linked.filter((p) => p.startsWith('/assets/'))) expect(asked.filter((a) => a.path === path), `requests of ${path}`).toHaveLength(1);
  });

  it('a report opened cold (as from a reminder mail) is asked for once, alongside the scripts', async () => {
    const { page } = await newPage();
    await gotoLoginPage(page);
    await login(page, DEMO_USERS.editorKS);
    await settle(page);
    const href = await page.locator('main a[href^="/rapporter/"]').first().getAttribute('href');
    expect(href).toMatch(/^\/rapporter\/[0-9a-f-]{36}$/u);
    const report = `/api${href!}`.replace('/api/rapporter/', '/api/reports/');

    const asked: Array<{ path: string; type: string }> = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/') || path.startsWith('/assets/')) asked.push({ path, type: r.resourceType() });
    });
    const res = await page.goto(href!);
    const linked = linkedPaths(res?.headers().link);
    expect(linked.filter((p) => p.startsWith('/api/'))).toEqual([...SESSION_DATA, report]);
    await settle(page);
    await waitVisible(page.getByRole('heading', { level: 1 }), 'the editor');
    expect(asked.filter((a) => a.path === report), `requests of ${report}`).toHaveLength(1);
    const firstScript = asked.findIndex((a) => a.type === 'script' && !linked.includes(a.path));
    expect(asked.findIndex((a) => a.path === report), 'the report before the first script').toBeLessThan(firstScript);
  });

  it('a public page opened with a session uses the preloaded session, and without one only the page’s code is preloaded', async () => {
    const { page } = await newPage();
    await gotoLoginPage(page);
    await login(page, DEMO_USERS.reader);
    // This browser forgets its hint that a session exists: only the cookie is left.
    await page.evaluate(() => localStorage.clear());
    await page.goto('/oppen-data');
    await settle(page);
    await waitVisible(page.getByRole('button', { name: 'Logga ut' }).or(page.getByRole('banner').getByRole('button', { name: 'Meny' })), 'the logged-in header');

    // Without a session cookie: the page's code only, no session data.
    const anonymous = await fetch(`${suite.app.baseUrl}/oppen-data`);
    const linked = linkedPaths(anonymous.headers.get('link') ?? undefined);
    expect(linked.some((p) => /^\/assets\/OpenDataView-[\w-]+\.js$/u.test(p))).toBe(true);
    expect(linked.filter((p) => !p.startsWith('/assets/'))).toEqual([]);
    expect(anonymous.headers.get('server-timing')).toBeNull();
    await anonymous.body?.cancel();
  });
});
