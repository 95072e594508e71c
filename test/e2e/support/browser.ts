/**
 * Browser helpers for the end-to-end tests: Debian chromium through playwright-core (never
 * `playwright install`), axe checks against WCAG 2.1 A/AA, screenshots and login.
 *
 * playwright-core has no `expect`; `waitVisible`, `expectCount` and friends below are the small
 * polling assertions the tests need.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Locator, type Page, type Request } from 'playwright-core';
import { DEMO_PASSWORD } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOT_DIR = resolve(here, '..', '..', 'artifacts', 'screenshots');
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DEFAULT_WAIT_MS = 15_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  console: ConsoleCollector;
}

/**
 * A fresh context (own cookies) and page, Swedish locale, Stockholm time. The page comes from
 * `context.newPage()`, which @axe-core/playwright needs. Console errors are collected from the start.
 */
export async function openPage(browser: Browser, opts: { baseURL?: string; viewport?: { width: number; height: number } } = {}): Promise<TestPage> {
  const context = await browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    baseURL: opts.baseURL,
  });
  context.setDefaultTimeout(DEFAULT_WAIT_MS);
  const page = await context.newPage();
  trackNetwork(page);
  return { context, page, console: collectConsoleErrors(page) };
}

// ---------------------------------------------------------------------------------------------
// Network quiet (playwright's 'networkidle' is unreliable with this chromium and ignores nothing)

interface NetworkTracker {
  inFlight: Set<Request>;
  lastChange: number;
}
const trackers = new WeakMap<Page, NetworkTracker>();

function trackNetwork(page: Page): NetworkTracker {
  const t: NetworkTracker = { inFlight: new Set(), lastChange: Date.now() };
  const done = (r: Request) => {
    if (t.inFlight.delete(r)) t.lastChange = Date.now();
  };
  page.on('request', (r) => {
    // Long-lived streams never finish; they must not count as "busy".
    if (r.resourceType() === 'eventsource' || r.resourceType() === 'websocket') return;
    t.inFlight.add(r);
    t.lastChange = Date.now();
  });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  // A response whose body the page never reads never "finishes" in chromium; count it done once answered.
  page.on('response', (res) => done(res.request()));
  trackers.set(page, t);
  return t;
}

/**
 * Waits until no request has been in flight for `quietMs` (default 500 ms), at most `timeout`
 * (default 10 s; then it just returns). Pages from openPage() are tracked from their first request.
 */
export async function waitForNetworkQuiet(page: Page, { quietMs = 500, timeout = 10_000 } = {}): Promise<boolean> {
  const t = trackers.get(page) ?? trackNetwork(page);
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (t.inFlight.size === 0 && Date.now() - t.lastChange >= quietMs) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Console errors

export interface ConsoleProblem {
  kind: 'console' | 'pageerror';
  text: string;
  url?: string;
}

/** Decides whether a console problem is expected (and so not a failure). */
export type ConsoleAllowance = (p: ConsoleProblem) => boolean;

/** The app probes the session with GET /api/auth/me; chromium logs the 401 as a resource error. */
export const allowSessionProbe401: ConsoleAllowance = (p) =>
  p.kind === 'console' && /status of 401/u.test(p.text) && /\/api\/auth\/me(?:\?|$)/u.test(p.url ?? '');

/** A wrong password makes POST /api/auth/login answer 401, which chromium logs as a resource error. */
export const allowLogin401: ConsoleAllowance = (p) =>
  p.kind === 'console' && /status of 401/u.test(p.text) && /\/api\/auth\/login(?:\?|$)/u.test(p.url ?? '');

export interface ConsoleCollector {
  readonly problems: ConsoleProblem[];
  /** Allows (ignores) matching problems from now on, e.g. for a test that provokes them. */
  allow(a: ConsoleAllowance): void;
  /** Problems not covered by any allowance. */
  unexpected(): ConsoleProblem[];
  /** Throws listing every unexpected console error or uncaught page error. */
  assertNone(label?: string): void;
  /** Forgets what was collected so far (allowances stay). */
  clear(): void;
}

export function collectConsoleErrors(page: Page, allowances: ConsoleAllowance[] = [allowSessionProbe401]): ConsoleCollector {
  const problems: ConsoleProblem[] = [];
  const allowed = [...allowances];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    problems.push({ kind: 'console', text: msg.text(), url: msg.location().url || undefined });
  });
  page.on('pageerror', (err: Error) => {
    problems.push({ kind: 'pageerror', text: `${err.name}: ${err.message}${err.stack ? `\n${err.stack}` : ''}` });
  });
  const unexpected = () => problems.filter((p) => !allowed.some((a) => a(p)));
  return {
    problems,
    allow: (a) => void allowed.push(a),
    unexpected,
    assertNone(label = 'page') {
      const bad = unexpected();
      if (bad.length) {
        const lines = bad.map((p) => `  - [${p.kind}] ${p.text}${p.url ? ` (${p.url})` : ''}`);
        throw new Error(`${label}: ${bad.length} console error(s):\n${lines.join('\n')}`);
      }
    },
    clear: () => void problems.splice(0),
  };
}

// ---------------------------------------------------------------------------------------------
// Accessibility

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now. Returns null when clean, else a
 * readable list of violations (id, impact, help, first target selectors) and saves a screenshot.
 */
export async function axeReport(page: Page, label: string): Promise<string | null> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (results.violations.length === 0) return null;
  const lines = results.violations.map((v) => {
    const targets = v.nodes
      .slice(0, 5)
      .map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '))
      .join(' | ');
    const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
    return `  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help} — ${v.nodes.length} node(s): ${targets}${more}\n    ${v.helpUrl}`;
  });
  await screenshot(page, `axe-${label}`).catch(() => undefined);
  return `axe found ${results.violations.length} WCAG 2.1 AA violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`;
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now; fails listing each violation. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const report = await axeReport(page, label);
  if (report) throw new Error(report);
}

/** The two sizes every page must pass axe at: a desktop and a phone. */
export const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;

/** Screenshot and axe at 1366x768 and 390x844 (named `<label>-<w>x<h>`); leaves the page at desktop size. */
export async function expectNoAxeViolationsAtBothSizes(page: Page, label: string): Promise<void> {
  for (const { width, height } of VIEWPORTS) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `${label}-${width}x${height}`);
    await expectNoAxeViolations(page, `${label} at ${width}x${height}`);
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

// ---------------------------------------------------------------------------------------------
// Screenshots

/** Saves a full-page PNG into test/artifacts/screenshots/<name>.png (gitignored); returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---------------------------------------------------------------------------------------------
// Login

/**
 * Fills `E-post` and `Lösenord`, clicks `Logga in` and waits for the `Logga ut` button (on a phone it
 * sits behind the `Meny` button, which is then what shows).
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await fillLoginForm(page, email, password);
  await waitVisible(page.getByRole('button', { name: 'Logga ut' }).or(page.getByRole('banner').getByRole('button', { name: 'Meny' })), `the "Logga ut" (or phone "Meny") button after logging in as ${email}`);
}

/** Fills and submits the login form without waiting for the outcome. */
export async function fillLoginForm(page: Page, email: string, password: string): Promise<void> {
  const emailField = page.getByLabel('E-post', { exact: true });
  const passwordField = page.getByLabel('Lösenord', { exact: true });
  const button = page.getByRole('button', { name: 'Logga in' });
  await waitVisible(emailField, 'the field labelled "E-post"');
  await waitVisible(passwordField, 'the field labelled "Lösenord"');
  await waitVisible(button, 'the "Logga in" button');
  await emailField.fill(email);
  await passwordField.fill(password);
  await button.click();
}

// ---------------------------------------------------------------------------------------------
// Small assertions (playwright-core has no expect)

/** Waits until the first match is visible; fails with a readable message (and a screenshot). */
export async function waitVisible(locator: Locator, what: string, timeout = DEFAULT_WAIT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    const page = locator.page();
    await screenshot(page, `missing-${what}`).catch(() => undefined);
    throw new Error(`Expected ${what} to be visible on ${page.url()} within ${timeout} ms`);
  }
}

/** Polls until the locator matches `expected` elements. */
export async function expectCount(locator: Locator, expected: number, what: string, timeout = 5_000): Promise<void> {
  const until = Date.now() + timeout;
  let n = await locator.count();
  while (n !== expected && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    n = await locator.count();
  }
  if (n !== expected) throw new Error(`Expected ${expected} × ${what} on ${locator.page().url()}, found ${n}`);
}

/** Waits until the URL path satisfies the predicate. */
export async function waitForPath(page: Page, test: (path: string) => boolean, what: string, timeout = DEFAULT_WAIT_MS): Promise<void> {
  try {
    await page.waitForURL((u) => test(u.pathname), { timeout, waitUntil: 'commit' });
  } catch {
    throw new Error(`Expected the URL to become ${what}; it is ${page.url()}`);
  }
}
