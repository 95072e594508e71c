/**
 * Single sign-on in the browser: the login page's "Logga in med …" button, the real provider's
 * interaction pages (oidc-provider on loopback), back into Uppsikt logged in, RP-initiated logout,
 * the "Behörighet saknas" page and a provider that is down — axe at 1366x768 and 390x844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startOidcProvider, type TestProvider } from '../../backend/test/support/oidc-provider.js';
import { freePort, startApp, type RunningApp } from './support/server.js';
import { expectNoAxeViolationsAtBothSizes, launchBrowser, openPage, waitForNetworkQuiet, waitForPath, waitVisible, type TestPage } from './support/browser.js';

let app: RunningApp;
let provider: TestProvider;
let browser: Browser;
const opened: TestPage[] = [];

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${base}/api/auth/sso/callback`],
    postLogoutRedirectUris: [`${base}/logga-in?utloggad=1`],
    accounts: {
      eva: { email: 'eva.ek@kommun.se', name: 'Eva Ek', groups: ['uppsikt-handlaggare-ks'] },
      nils: { email: 'nils.nilsson@kommun.se', name: 'Nils Nilsson', groups: ['alla-anstallda'] },
    },
  });
  app = await startApp({
    port,
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Umeå kommuns konto',
      OIDC_ROLE_MAP: JSON.stringify({ 'uppsikt-handlaggare-ks': [{ role: 'editor', body: 'KS' }] }),
      OIDC_ACCESS_CONTACT: 'IT-servicedesk, 090-16 10 00',
      LOGIN_RATE_LIMIT: '200',
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const tp of opened) await tp.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await provider?.stop();
});

async function newPage(): Promise<TestPage> {
  const tp = await openPage(browser, { baseURL: app.baseUrl });
  // The provider's own pages are not Uppsikt's: their console is not ours to judge.
  tp.console.allow((p) => p.url !== undefined && !p.url.startsWith(app.baseUrl));
  opened.push(tp);
  return tp;
}

const ssoButton = (page: Page) => page.getByRole('link', { name: 'Logga in med Umeå kommuns konto' });

/** The provider's development login and consent pages, as a user would fill them. */
async function signInAtProvider(page: Page, account: string): Promise<void> {
  const login = page.locator('input[name="login"]');
  await waitVisible(login, "the provider's login field");
  await login.fill(account);
  await page.locator('input[name="password"]').fill('valfritt lösenord');
  await page.locator('button[type="submit"]').first().click();
  const consent = page.getByRole('button', { name: 'Continue' });
  await waitVisible(consent, "the provider's consent button");
  await consent.click();
}

describe('single sign-on in the browser', () => {
  it('shows "Logga in med …" above the password form, and passes axe', async () => {
    const { page, console } = await newPage();
    await page.goto('/logga-in');
    await waitVisible(ssoButton(page), 'the single sign-on button');
    await waitVisible(page.getByLabel('E-post', { exact: true }), 'the password form below it');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'sso-login-page');
    console.assertNone('login page');
  });

  it('logs in through the provider by the button, and logs out at the provider too', async () => {
    const { page, console } = await newPage();
    await page.goto('/logga-in');
    await ssoButton(page).click();
    await signInAtProvider(page, 'eva');
    await waitVisible(page.getByRole('button', { name: 'Logga ut' }), 'the "Logga ut" button after single sign-on');
    await waitForPath(page, (p) => p === '/mina-rapporter', 'the editor landing page');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'sso-logged-in');
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me).toMatchObject({ email: 'eva.ek@kommun.se', sso: true, roles: [{ role: 'editor', body: 'KS' }] });

    await page.getByRole('button', { name: 'Logga ut' }).click();
    const confirm = page.getByRole('button', { name: 'Yes, sign me out' });
    await waitVisible(confirm, "the provider's logout confirmation");
    await confirm.click();
    await waitForPath(page, (p) => p === '/logga-in', 'back on the login page');
    await waitVisible(page.getByText('Du är utloggad.'), 'the logged-out notice');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'sso-logged-out');
    expect((await page.evaluate(async () => (await fetch('/api/auth/me')).status))).toBe(401);
    console.assertNone('sso login and logout');
  });

  it('sends a user without a mapped group to "Behörighet saknas", saying whom to ask', async () => {
    const { page, console } = await newPage();
    await page.goto('/logga-in');
    await ssoButton(page).click();
    await signInAtProvider(page, 'nils');
    await waitVisible(page.getByRole('heading', { level: 1, name: 'Behörighet saknas' }), 'the "Behörighet saknas" page');
    await waitVisible(page.getByText('IT-servicedesk, 090-16 10 00'), 'whom to ask');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'sso-no-access');
    console.assertNone('no access');
  });

  it('says in Swedish that the provider is not answering when it is down', async () => {
    const { page, console } = await newPage();
    await page.goto('/logga-in');
    await waitVisible(ssoButton(page), 'the single sign-on button');
    await provider.down();
    try {
      await ssoButton(page).click();
      await waitVisible(page.getByRole('alert').filter({ hasText: 'Kommunens inloggningstjänst svarar inte just nu' }), 'the provider-down message');
      await waitForNetworkQuiet(page);
      await expectNoAxeViolationsAtBothSizes(page, 'sso-provider-down');
    } finally {
      await provider.up();
    }
    console.assertNone('provider down');
  });
});
