/**
 * The period page's "Påminnelser" tab and the period form's reminder days, in the browser at a
 * laptop and a phone size: axe on each screen, the tab's sends equal the API's plan, the form takes
 * days and refuses anything else. Screenshots in test/artifacts/screenshots/reminders-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './support/server.js';
import { expectNoAxeViolations, login, screenshot, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const SIZES = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function apiGet(path: string) {
  const res = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'granskare@uppsikt.test', password: DEMO_PASSWORD }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return (await fetch(`${suite.app.baseUrl}${path}`, { headers: { cookie } })).json();
}

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

async function reviewerAt(size: (typeof SIZES)[number]): Promise<Page> {
  const tp = await suite.open({ width: size.width, height: size.height });
  await tp.page.goto('/logga-in');
  await login(tp.page, 'granskare@uppsikt.test');
  return tp.page;
}

describe('reminders of a period', () => {
  for (const size of SIZES) {
    it(`lists every planned send in the period's Påminnelser tab, as the API plans it (${size.name})`, async () => {
      const periods = await apiGet('/api/periods');
      const open = periods.find((p: { state: string }) => p.state === 'open');
      const plan: Array<{ at: string; kind: string; body: string | null; recipients: string[]; reports: number; state: string }> = await apiGet(`/api/periods/${open.id}/reminders`);
      expect(plan.length).toBeGreaterThan(0);

      const page = await reviewerAt(size);
      await page.goto('/perioder');
      await waitVisible(page.getByRole('link', { name: `Påminnelser ${open.id}` }), 'the reminders link of the open period');
      await page.getByRole('link', { name: `Påminnelser ${open.id}` }).click();
      await waitVisible(page.getByRole('tab', { name: 'Påminnelser', selected: true }), 'the selected Påminnelser tab');
      const panel = page.getByRole('tabpanel', { name: 'Påminnelser' });
      await waitVisible(panel.getByRole('heading', { level: 2 }).first(), 'the first send');
      await waitForNetworkQuiet(page);

      // One section per send (time and kind), one row per body with its reports and recipients.
      const slots = new Set(plan.map((s) => `${s.at}|${s.kind}`));
      expect(await panel.getByRole('heading', { level: 2 }).count()).toBe(slots.size);
      const planned = plan.filter((s) => s.body);
      expect(await panel.getByRole('row').count()).toBe(planned.length + slots.size); // + one header row per table
      const first = planned[0];
      const row = panel.getByRole('row').filter({ has: page.getByRole('rowheader', { name: first.body!, exact: true }) }).first();
      expect(await row.getByRole('cell').first().innerText()).toBe(String(first.reports));
      for (const to of first.recipients) expect(await row.innerText()).toContain(to);

      await expectNoAxeViolations(page, `period reminders ${size.name}`);
      await screenshot(page, `reminders-tab-${size.name}`);

      // Keyboard: the arrow keys move between the tabs.
      await page.getByRole('tab', { name: 'Påminnelser' }).focus();
      await page.keyboard.press('ArrowLeft');
      await waitVisible(page.getByRole('tab', { name: 'Uppgifter', selected: true }), 'the Uppgifter tab after ArrowLeft');
      await waitVisible(page.getByText('14, 7 och 1 dag före sista dag'), 'the reminder days in words');
      await expectNoAxeViolations(page, `period details ${size.name}`);
      await screenshot(page, `period-details-${size.name}`);
    });
  }

  it('takes reminder plans as days before and after the deadline, and refuses anything else (phone and laptop)', async () => {
    for (const size of SIZES) {
      const page = await reviewerAt(size);
      await page.goto('/perioder');
      const reminders = page.getByLabel('Påminnelser, dagar före sista dag');
      await waitVisible(reminders, 'the reminder days field');
      expect(await reminders.inputValue()).toBe('14, 7, 1');
      expect(await page.getByLabel('Eskalering, dagar efter sista dag').inputValue()).toBe('1, 3');
      await reminders.fill('14 dagar, P7D');
      await page.getByRole('button', { name: 'Öppna perioden' }).click();
      await waitVisible(page.getByRole('link', { name: /Skriv hela dagar mellan 1 och 365/u }), 'the error summary naming the days field');
      await expectNoAxeViolations(page, `period form error ${size.name}`);
      await screenshot(page, `period-form-days-error-${size.name}`);
      const periods = await apiGet('/api/periods');
      expect(periods.filter((p: { state: string }) => p.state === 'open')).toHaveLength(1);
    }
  });
});
