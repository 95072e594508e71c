/**
 * Deadline week for a board official and a reviewer, on a laptop (1366x768) and a phone (390x844):
 * two open periods shown side by side, nearest deadline first; returned reports first with the
 * reviewer's comment; a resubmitted report with its earlier return comment on the review page,
 * "Nästa rapport" and a confirmed bulk approval; the case page and the Uppdrag list. axe runs on
 * every screen; screenshots of each page at both sizes.
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
type Size = (typeof SIZES)[number];

const cookies = new Map<string, string>();

interface Period {
  id: string;
  year: number;
  term: string;
  state: string;
  submissionDeadline: string;
}
interface Report {
  id: string;
  period: string;
  body: string;
  state: string;
  status: string | null;
  version: number;
  case: { reference: string };
}

async function api<T = any>(method: string, path: string, email: string, body?: unknown): Promise<T> {
  let cookie = cookies.get(email);
  if (!cookie) {
    const res = await fetch(`${suite.app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    cookies.set(email, cookie);
  }
  const res = await fetch(`${suite.app.baseUrl}${path}`, { method, headers: { cookie, origin: suite.app.baseUrl, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const REVIEWER = 'granskare@uppsikt.test';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const suite = browserSuite({ LOGIN_RATE_LIMIT: '500' });

async function as(email: string, size: Size): Promise<Page> {
  const tp = await suite.open({ width: size.width, height: size.height });
  await tp.page.goto('/logga-in');
  await login(tp.page, email);
  return tp.page;
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForNetworkQuiet(page);
}

/** axe, then a full-page screenshot named after the page and the size. */
async function check(page: Page, label: string, size: Size): Promise<void> {
  await expectNoAxeViolations(page, `${label} (${size.name})`);
  await screenshot(page, `workflow-ux-${label}-${size.name}`);
}

async function openPeriods(): Promise<Period[]> {
  const all = await api<Period[]>('GET', '/api/periods', REVIEWER);
  return all.filter((p) => p.state === 'open').sort((a, b) => Date.parse(a.submissionDeadline) - Date.parse(b.submissionDeadline));
}

describe('several open periods', () => {
  it('asks before opening a second period, then shows both everywhere, nearest deadline first', async () => {
    const [first] = await openPeriods();
    // On the phone the reviewer changes their mind; on the laptop they open it.
    for (const size of [...SIZES].reverse()) {
      const page = await as(REVIEWER, size);
      await visit(page, '/perioder');
      await page.getByRole('button', { name: 'Öppna perioden' }).click();
      const dialog = page.getByRole('dialog');
      await waitVisible(dialog, 'the confirmation before opening a second period');
      await waitVisible(dialog.getByText(`Perioden ${first.id} är fortfarande öppen`), 'the open period named in the dialog');
      await check(page, 'perioder-bekrafta-oppna', size);
      await dialog.getByRole('button', { name: 'Avbryt' }).click();
      expect(await openPeriods()).toHaveLength(1);
    }
    const reviewer = suite.pages.at(-1)!.page;
    await reviewer.getByRole('button', { name: 'Öppna perioden' }).click();
    await reviewer.getByRole('dialog').getByRole('button', { name: /ändå$/u }).click();
    await waitVisible(reviewer.getByText(/är öppnad\. Nämnderna har fått sina rapporter/u), 'the period opened');
    const open = await openPeriods();
    expect(open).toHaveLength(2);
    expect(open[0].id).toBe(first.id);
    const second = open[1];

    // A KS draft in the first period must not count as the "previous" report of the second.
    const drafts = await api<{ items: Report[] }>('GET', `/api/reports?period=${first.id}&body=KS&state=draft&pageSize=100`, REVIEWER);
    const draft = drafts.items.find((r) => r.status) ?? drafts.items[0];
    expect(draft).toBeDefined();
    const submitted = await api<{ items: Report[] }>('GET', `/api/reports?period=${first.id}&state=submitted&pageSize=500`, REVIEWER);

    for (const size of SIZES) {
      const editor = await as('ks@uppsikt.test', size);
      await visit(editor, '/mina-rapporter');
      const headings = await editor.getByRole('heading', { level: 2 }).allTextContents();
      const order = headings.filter((h) => /^Period /u.test(h.trim())).map((h) => h.trim());
      expect(order).toEqual([`Period ${first.id}`, `Period ${second.id}`]);
      const section = editor.locator('section.period-section').nth(1);
      const card = section.locator('li.report-card').filter({ has: editor.getByRole('link', { name: new RegExp(`${esc(draft.case.reference)}$`, 'u') }) });
      await waitVisible(card, `the ${second.id} card of ${draft.case.reference}`);
      expect(await card.textContent()).not.toContain(`(${first.id})`);
      await check(editor, 'mina-rapporter-tva-perioder', size);

      const rev = await as(REVIEWER, size);
      await visit(rev, '/granskning');
      await waitVisible(rev.getByRole('heading', { level: 2, name: new RegExp(`^${first.id} – sista dag`, 'u') }), `the ${first.id} heading in Granskning`);
      await waitVisible(rev.getByText(`${submitted.items.length} rapporter i läget inskickad`), 'every waiting report counted');
      await check(rev, 'granskning-tva-perioder', size);

      await visit(rev, '/oversikt');
      await waitVisible(rev.getByText(new RegExp(`^${first.id}: \\d+ rapporter`, 'u')), 'the nearest-deadline period in Översikt');
      await waitVisible(rev.getByRole('link', { name: new RegExp(`^${second.id} – öppen`, 'u') }), 'a link to the other open period');
      await check(rev, 'oversikt-tva-perioder', size);
    }
  }, 240_000);
});

async function untouched(period: string, body: string, skip: string[] = []): Promise<Report> {
  const list = await api<{ items: Report[] }>('GET', `/api/reports?period=${period}&body=${body}&state=not_started&pageSize=200`, REVIEWER);
  const r = list.items.find((x) => !skip.includes(x.id));
  if (!r) throw new Error(`no untouched ${body} report in ${period}`);
  return r;
}

/** The editor writes and submits (status, comment, forecast where the term asks for one). */
async function submitAs(email: string, r: Report, comment: string): Promise<Report> {
  const current = await api<Report>('GET', `/api/reports/${r.id}`, email);
  const saved = await api<Report>('PUT', `/api/reports/${r.id}`, email, { status: 'Delvis genomfört', comment, forecast: r.period.endsWith('T3') ? undefined : 'Genomfört', version: current.version });
  return api<Report>('POST', `/api/reports/${r.id}/submit`, email, { version: saved.version });
}

describe('returned work and the reviewer\'s queue', () => {
  it('lists returned reports first with the comment, who and when, counted in the navigation', async () => {
    const [first] = await openPeriods();
    const r = await untouched(first.id, 'KS');
    await submitAs('ks@uppsikt.test', r, 'Arbetet pågår enligt plan.');
    await api('POST', `/api/reports/${r.id}/return`, REVIEWER, { comment: 'Ange när upphandlingen beslutas.' });
    const open = await openPeriods();
    const mine = (await Promise.all(open.map((p) => api<{ items: (Report & { returnedAt?: string | null })[] }>('GET', `/api/reports?period=${p.id}&body=KS&pageSize=500`, 'ks@uppsikt.test')))).flatMap((l) => l.items);
    const returnedCount = mine.filter((x) => x.state === 'returned' || (x.state === 'draft' && x.returnedAt)).length;
    expect(returnedCount).toBeGreaterThan(0);

    for (const size of SIZES) {
      const editor = await as('ks@uppsikt.test', size);
      await visit(editor, '/mina-rapporter');
      const section = editor.locator('section.period-section').first();
      const groupHeadings = await section.getByRole('heading', { level: 3 }).allTextContents();
      expect(groupHeadings[0]?.trim()).toMatch(/^Returnerad \(\d+\)$/u);
      const card = section.locator('li.report-card').filter({ hasText: 'Ange när upphandlingen beslutas.' });
      await waitVisible(card, 'the returned card with the reviewer\'s comment');
      expect(await card.textContent()).toMatch(/Returnerad \d{1,2} [a-zé]+\.? \d{4}.* av /u);
      // The count is seen beside the item and read as its description; the item keeps its name.
      const nav = size.name === 'phone' ? editor.getByRole('button', { name: 'Meny', exact: true }) : editor.getByRole('link', { name: 'Mina rapporter', exact: true });
      expect((await nav.textContent())?.trim()).toMatch(new RegExp(`${returnedCount}$`, 'u'));
      const described = await nav.getAttribute('aria-describedby');
      expect(await editor.locator(`#${described}`).textContent()).toBe(returnedCount === 1 ? '1 returnerad' : `${returnedCount} returnerade`);
      await check(editor, 'mina-rapporter-returnerad', size);
    }
  }, 180_000);

  it('shows a resubmitted report with the earlier return comment, steps to the next report, and confirms bulk approval with the texts', async () => {
    const [first] = await openPeriods();
    const r = await untouched(first.id, 'TN');
    await submitAs('tn@uppsikt.test', r, 'Första versionen.');
    await api('POST', `/api/reports/${r.id}/return`, REVIEWER, { comment: 'Beskriv vad som återstår.' });
    await submitAs('tn@uppsikt.test', r, 'Återstår: upphandling i mars.');

    for (const size of SIZES) {
      const reviewer = await as(REVIEWER, size);
      await visit(reviewer, `/granskning?state=submitted&body=TN&period=${first.id}`);
      await reviewer.getByRole('link', { name: r.case.reference, exact: true }).first().click();
      await waitVisible(reviewer.getByRole('heading', { name: 'Tidigare kommentarer till nämnden' }), 'the earlier comments on the review page');
      await waitVisible(reviewer.getByText('Beskriv vad som återstår.'), 'the earlier return comment');
      await waitVisible(reviewer.getByRole('navigation', { name: 'Granskningskön' }).getByText(/^\d+ av \d+ i kön$/u), 'the position in the queue');
      await check(reviewer, 'granska-inskickad-igen', size);
    }

    // Approve at laptop size, then "Nästa rapport".
    const reviewer = await as(REVIEWER, SIZES[0]);
    await visit(reviewer, `/granskning?state=submitted&body=TN&period=${first.id}`);
    const queue = await api<{ items: Report[] }>('GET', `/api/reports?period=${first.id}&body=TN&state=submitted&pageSize=500`, REVIEWER);
    expect(queue.items.length).toBeGreaterThan(1);
    await reviewer.getByRole('link', { name: r.case.reference, exact: true }).first().click();
    await waitVisible(reviewer.getByRole('button', { name: 'Godkänn', exact: true }), 'Godkänn');
    await reviewer.getByRole('button', { name: 'Godkänn', exact: true }).click();
    const next = reviewer.getByRole('link', { name: /^Nästa rapport: /u });
    await waitVisible(next, '"Nästa rapport" after the decision');
    await check(reviewer, 'granska-efter-beslut', SIZES[0]);
    const before = reviewer.url();
    await next.click();
    await reviewer.waitForURL((u) => u.href !== before && /\/granskning\/[0-9a-f-]{36}/u.test(u.pathname));
    expect((await api<Report>('GET', `/api/reports/${r.id}`, REVIEWER)).state).toBe('approved');

    // The phone only looks (and cancels); the laptop then approves the same two.
    for (const size of [...SIZES].reverse()) {
      const page = size === SIZES[0] ? reviewer : await as(REVIEWER, size);
      await visit(page, `/granskning?state=submitted&body=TN&period=${first.id}`);
      const boxes = page.locator('tbody input[type="checkbox"]');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByRole('button', { name: 'Godkänn markerade (2)' }).click();
      const dialog = page.getByRole('dialog');
      await waitVisible(dialog.getByRole('heading', { name: 'Godkänna 2 rapporter?' }), 'the bulk confirmation');
      expect(await dialog.locator('ol > li').count()).toBe(2);
      await check(page, 'godkann-markerade-bekrafta', size);
      if (size.name === 'phone') {
        await dialog.getByRole('button', { name: 'Avbryt' }).click();
        continue;
      }
      const waiting = (await api<{ total: number }>('GET', `/api/reports?period=${first.id}&body=TN&state=submitted`, REVIEWER)).total;
      await dialog.getByRole('button', { name: 'Godkänn 2 rapporter' }).click();
      await waitVisible(page.getByText('2 rapporter godkändes.'), 'the bulk result');
      expect((await api<{ total: number }>('GET', `/api/reports?period=${first.id}&body=TN&state=submitted`, REVIEWER)).total).toBe(waiting - 2);
    }
  }, 240_000);
});

describe('case page and the Uppdrag list', () => {
  it('closes a case only behind a confirmation, labels history by period, hides cleared return comments, and lists the latest status', async () => {
    const [first] = await openPeriods();
    const r = await untouched(first.id, 'IFN');
    await submitAs('ifn@uppsikt.test', r, 'Klart i april.');
    await api('POST', `/api/reports/${r.id}/return`, REVIEWER, { comment: 'Ange datum.' });
    await submitAs('ifn@uppsikt.test', r, 'Klart den 12 april.');
    await api('POST', `/api/reports/${r.id}/approve`, REVIEWER, {});
    const path = `/uppdrag/${encodeURIComponent(r.case.reference)}`;

    for (const size of SIZES) {
      const reviewer = await as(REVIEWER, size);
      await visit(reviewer, path);
      await waitVisible(reviewer.getByRole('button', { name: 'Avsluta uppdraget …' }), 'the close button');
      expect(await reviewer.getByRole('radio').count()).toBe(0);
      const approval = reviewer.locator('ol.timeline > li').filter({ hasText: 'Rapporten godkändes' }).first();
      await waitVisible(approval, 'the approval in the history');
      expect(await approval.textContent()).toContain(`Rapport ${first.id}`);
      expect(await approval.textContent()).not.toContain('(tomt)');
      await check(reviewer, 'uppdrag-sida', size);

      await reviewer.getByRole('button', { name: 'Avsluta uppdraget …' }).click();
      const dialog = reviewer.getByRole('dialog');
      await waitVisible(dialog, 'the close dialog');
      expect(await dialog.getByRole('radio', { checked: true }).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Avsluta uppdraget', exact: true }).click();
      await waitVisible(dialog.getByText('Välj om uppdraget är genomfört eller avbrutet.'), 'the missing outcome');
      await check(reviewer, 'uppdrag-avsluta-dialog', size);
      await dialog.getByRole('button', { name: 'Avbryt' }).click();
      expect((await api<{ state: string }>('GET', `/api/cases/${encodeURIComponent(r.case.reference)}`, REVIEWER)).state).toBe('active');

      const reader = await as('lasare@uppsikt.test', size);
      await visit(reader, `/uppdrag?q=${encodeURIComponent(r.case.reference)}`);
      await waitVisible(reader.getByRole('columnheader', { name: 'Senaste status' }), 'the status column');
      const row = reader.getByRole('row').filter({ has: reader.getByRole('rowheader', { name: r.case.reference, exact: true }) });
      await waitVisible(row.getByText(first.id), 'the latest status with its period');
      expect(await row.textContent()).toContain('Delvis genomfört');
      await check(reader, 'uppdrag-lista', size);
    }
  }, 180_000);
});
