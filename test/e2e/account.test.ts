/**
 * Mitt konto: API tokens (create, shown once, last used, revoke) and changing one's password
 * under the password rule, checked with axe at desktop (1366x768) and phone (390x844) sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, DEMO_PASSWORD, DEMO_USERS, type RunningApp } from './support/server.js';
import { expectNoAxeViolationsAtBothSizes, launchBrowser, login, openPage, waitForNetworkQuiet, waitVisible, type TestPage } from './support/browser.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ env: { LOGIN_RATE_LIMIT: '200' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.stop();
});

async function accountPage(email: string): Promise<TestPage> {
  const tp = await openPage(browser, { baseURL: app.baseUrl });
  await tp.page.goto('/');
  await login(tp.page, email);
  await tp.page.goto('/mitt-konto');
  await waitVisible(tp.page.getByRole('heading', { level: 2, name: 'API-nycklar' }), 'the "API-nycklar" section');
  await waitForNetworkQuiet(tp.page);
  return tp;
}

describe('Mitt konto', () => {
  it('creates an API token shown once, lists it with its last use, and revokes it', async () => {
    const { page, context, console } = await accountPage(DEMO_USERS.editorTN);
    await expect(page.getByText('Inga API-nycklar.').isVisible()).resolves.toBe(true);
    await page.getByLabel('Namn på ny API-nyckel').fill('Power BI');
    await page.getByRole('button', { name: 'Skapa API-nyckel' }).click();
    const secret = page.getByLabel('Ny API-nyckel', { exact: true });
    await waitVisible(secret, 'the new token, shown once');
    const token = await secret.inputValue();
    expect(token).toMatch(/^upk_/);
    const row = page.getByRole('row', { name: /Power BI/ });
    await waitVisible(row, 'the token in the list');
    expect(await row.innerText()).toContain('Aldrig');

    const me = await fetch(`${app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await page.reload();
    await waitVisible(page.getByRole('row', { name: /Power BI/ }), 'the token after reload');
    expect(await page.getByRole('row', { name: /Power BI/ }).innerText()).not.toContain('Aldrig');
    await expectNoAxeViolationsAtBothSizes(page, 'account-tokens');

    await page.getByRole('button', { name: 'Återkalla Power BI' }).click();
    await waitVisible(page.getByText('API-nyckeln Power BI är återkallad'), 'the revoked message');
    expect((await fetch(`${app.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    console.assertNone('tokens');
    await context.close();
  });

  it('refuses a common password on the field, then changes the password', async () => {
    const { page, context, console } = await accountPage(DEMO_USERS.editorIFN);
    // The refused password is a 400 from POST /api/auth/password, which chromium logs.
    console.allow((p) => /status of 400/u.test(p.text) && /\/api\/auth\/password$/u.test(p.url ?? ''));
    await page.getByLabel('Nuvarande lösenord').fill(DEMO_PASSWORD);
    await page.getByLabel('Nytt lösenord', { exact: true }).fill('qwerty123456');
    await page.getByLabel('Upprepa det nya lösenordet').fill('qwerty123456');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    const newField = page.getByLabel('Nytt lösenord', { exact: true });
    await waitVisible(page.getByText('Lösenordet är för vanligt'), 'the reason on the field');
    expect(await newField.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolationsAtBothSizes(page, 'account-password-refused');

    await page.getByLabel('Nuvarande lösenord').fill(DEMO_PASSWORD);
    await newField.fill('hjortron och lingon i skogen');
    await page.getByLabel('Upprepa det nya lösenordet').fill('hjortron och lingon i skogen');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await waitVisible(page.getByText('Lösenordet är bytt.'), 'the confirmation');
    const login = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.editorIFN, password: 'hjortron och lingon i skogen' }),
    });
    expect(login.status).toBe(200);
    console.assertNone('password');
    await context.close();
  });
});
