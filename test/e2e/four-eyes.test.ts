/**
 * Four eyes in the browser (issue 12 item 11 follow-up): whoever submitted a report is not offered
 * Approve or Return on it (the API would answer 403) but told why, in Swedish; in the review list
 * their own submissions cannot be selected for "Godkänn markerade". An admin may both write and
 * review, so the admin submits one report and then opens it for review. axe finds nothing.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from './support/server.js';
import { expectCount, expectNoAxeViolationsAtBothSizes, login, waitForNetworkQuiet, waitVisible } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

interface Report {
  id: string;
  period: string;
  version: number;
  case: { reference: string; kind: string };
}

async function api<T>(method: string, path: string, email: string, body?: unknown): Promise<T> {
  const login = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${suite.app.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return (await res.json()) as T;
}

describe('four eyes in the browser', () => {
  it("shows the submitter why they cannot approve their own report, and keeps it out of 'Godkänn markerade'", async () => {
    const periods = await api<{ id: string; state: string }[]>('GET', '/api/periods', DEMO_USERS.admin);
    const period = periods.find((p) => p.state === 'open')!.id;
    const list = await api<{ items: Report[] }>('GET', `/api/reports?period=${period}&body=KS&state=not_started&pageSize=200`, DEMO_USERS.admin);
    const r = list.items.find((x) => x.case.kind === 'assignment')!;
    const saved = await api<Report>('PUT', `/api/reports/${r.id}`, DEMO_USERS.admin, { status: 'Delvis genomfört', comment: 'Skickad av administratören själv.', forecast: period.endsWith('T3') ? undefined : 'Genomfört', version: r.version });
    const submitted = await api<{ state: string }>('POST', `/api/reports/${r.id}/submit`, DEMO_USERS.admin, { version: saved.version });
    expect(submitted.state).toBe('submitted');

    const { page } = await suite.open({ width: 1366, height: 768 });
    await page.goto('/logga-in');
    await login(page, DEMO_USERS.admin);
    await page.goto(`/granskning/${r.id}`);
    const decide = page.getByRole('region', { name: 'Beslut' });
    await waitVisible(page.getByText('Du skickade in rapporten själv — en annan granskare behöver godkänna den.'), 'the four-eyes explanation');
    await expectCount(decide.getByRole('button', { name: 'Godkänn' }), 0, 'an Approve button');
    await expectCount(decide.getByRole('button', { name: 'Returnera' }), 0, 'a Return button');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'review-own-submission');

    await page.goto(`/granskning?state=submitted&body=KS&period=${period}`);
    const own = page.locator(`#sel-${r.id}`);
    await waitVisible(own, 'the own report in the review list');
    expect(await own.isDisabled()).toBe(true);
    await waitVisible(page.getByText('Rapporter du skickade in själv kan inte markeras'), 'the note on own submissions');
    await waitForNetworkQuiet(page);
    await expectNoAxeViolationsAtBothSizes(page, 'review-list-own-submission');

    // Another reviewer gets the actions.
    const other = await suite.open({ width: 1366, height: 768 });
    await other.page.goto('/logga-in');
    await login(other.page, DEMO_USERS.reviewer);
    await other.page.goto(`/granskning/${r.id}`);
    await waitVisible(other.page.getByRole('button', { name: 'Godkänn' }), 'Approve for another reviewer');
  }, 180_000);
});
