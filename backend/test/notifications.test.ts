import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { Clock } from '../src/common/clock.js';
import { Reconciler } from '../src/modules/notifications/reconciler.js';
import { TestApp, type Caller } from './support/app.js';
import { createCase, openPeriod, reportFor } from './support/fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import { waitUntil, withWorkers } from './support/workers.js';

const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address!;

describe('deadline reminders, escalations and workflow mail', () => {
  let t: TestApp;
  const sink = new SmtpSink();
  let reviewer: Caller;
  let ks: Caller;
  let tn: Caller;

  beforeAll(async () => {
    await sink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, REMINDER_RECONCILE_SECONDS: '1', NOTIFY_BACKOFF_MS: '100', APP_URL: 'https://uppsikt.kommun.se' });
    await t.body('KS', 'styrelse', 'Kommunstyrelsen');
    await t.body('TN', 'nämnd', 'Tekniska nämnden');
    await t.user('ks1@kommun.se', [{ role: 'editor', body: 'KS' }]);
    await t.user('ks2@kommun.se', [{ role: 'editor', body: 'KS' }]);
    await t.user('tn1@kommun.se', [{ role: 'editor', body: 'TN' }]);
    await t.user('both@kommun.se', [{ role: 'editor', body: 'KS' }, { role: 'editor', body: 'TN' }]);
    await t.user('granskare@kommun.se', [{ role: 'reviewer' }]);
    await t.user('tyst@kommun.se', [{ role: 'editor', body: 'KS' }]);
    reviewer = await t.login('granskare@kommun.se');
    ks = await t.login('ks1@kommun.se');
    tn = await t.login('tn1@kommun.se');
    const quiet = await t.login('tyst@kommun.se');
    expect((await t.request('PATCH', '/api/auth/me/preferences', { ...quiet, body: { workflowMail: false } })).body).toEqual({ workflowMail: false });
    expect((await t.request('GET', '/api/auth/me', quiet)).body.workflowMail).toBe(false);
    await createCase(t, reviewer, { reference: '2026:1', text: 'Bygg fler cykelvägar.', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: '2026:2', text: 'Minska barnfattigdomen.', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: '2026:3', text: 'Laddplatser för elbilar.', leadBody: 'TN' });
    await withWorkers(t);
  });
  afterAll(async () => {
    await t?.stop();
    await sink.stop();
  });

  it('sends one digest per person per slot at the exact instant, nothing more once a body has submitted, then escalates', async () => {
    const start = Date.now();
    const deadline = new Date(start + 14_000);
    await openPeriod(t, reviewer, 2026, 'T2', { submissionDeadline: deadline.toISOString(), reminderOffsets: ['PT12S', 'PT4S'], escalationOffsets: ['PT3S'] });
    const slot1 = deadline.getTime() - 12_000;

    // Slot 1: every editor of a body with open reports, one digest each.
    await sink.waitFor(5, 8_000);
    const first = sink.messages.splice(0);
    expect(first.map(to).sort()).toEqual(['both@kommun.se', 'ks1@kommun.se', 'ks2@kommun.se', 'tn1@kommun.se', 'tyst@kommun.se']);
    const arrived = Date.now();
    // At the slot's own delayed job, not at the next scheduled reconcile (a minute apart): loose
    // enough for a loaded 2-core machine (3.0 s was seen there with 2.5 s as the bound).
    expect(arrived - slot1).toBeLessThan(6_000);
    const both = first.find((m) => to(m) === 'both@kommun.se')!;
    expect(both.subject).toMatch(/^Påminnelse: 3 rapporter för 2026-T2 ska skickas in senast \d+ \w+$/);
    expect(both.text).toContain('2026:1');
    expect(both.text).toContain('2026:3');
    expect(both.text).toMatch(/https:\/\/uppsikt\.kommun\.se\/rapporter\/[0-9a-f-]{36}/);
    expect(both.html).toContain('<html lang="sv">');
    // Two bodies' reports in one list, in reference order across the bodies.
    const order = ['2026:1', '2026:2', '2026:3'].map((ref) => both.text!.indexOf(`- ${ref} (`));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    // A body's editors get the same digest (composed once for all of them).
    const ksMails = first.filter((m) => ['ks1@kommun.se', 'ks2@kommun.se', 'tyst@kommun.se'].includes(to(m)));
    expect(new Set(ksMails.map((m) => `${m.subject}|${m.text}|${m.html}`)).size).toBe(1);
    const tn1 = first.find((m) => to(m) === 'tn1@kommun.se')!;
    expect(tn1.subject).toMatch(/^Påminnelse: 1 rapport för 2026-T2/);

    // KS submits everything before slot 2.
    for (const ref of ['2026:1', '2026:2']) {
      const r = await reportFor(t, ks, ref, '2026-T2');
      const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...ks, body: { status: 'Genomfört', comment: 'Klart.', version: r.version } });
      expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...ks, body: { version: saved.body.version } })).status).toBe(200);
    }

    // Slot 2: only TN's editors, and the person editing both bodies sees only TN's report.
    await waitUntil(() => sink.messages.length >= 2, 12_000, 'slot 2');
    await new Promise((r) => setTimeout(r, 500));
    const second = sink.messages.splice(0);
    expect(second.map(to).sort()).toEqual(['both@kommun.se', 'tn1@kommun.se']);
    expect(second.find((m) => to(m) === 'both@kommun.se')!.subject).toMatch(/^Påminnelse: 1 rapport /);

    // Escalation after the deadline: TN's editors, TN's own address and every reviewer.
    await waitUntil(() => sink.messages.length >= 4, 12_000, 'escalation');
    await new Promise((r) => setTimeout(r, 1_000));
    const third = sink.messages.splice(0);
    expect(third.map(to).sort()).toEqual(['both@kommun.se', 'granskare@kommun.se', 'tn1@kommun.se', 'tn@example.se']);
    expect(third[0].subject).toMatch(/^Försenat: 1 rapport för 2026-T2 skulle ha skickats in/);

    // Everything is logged once, as sent.
    const log = await t.request('GET', '/api/notifications?period=2026-T2&pageSize=100', reviewer);
    expect(log.body.total).toBe(11);
    expect(log.body.items.every((n: { state: string }) => n.state === 'sent')).toBe(true);
    expect(new Set(log.body.items.map((n: { kind: string }) => n.kind))).toEqual(new Set(['reminder', 'escalation']));
  }, 40_000);

  it('mails returned, approved and reopened reports to the body editors at once (not to those who opted out)', async () => {
    const r = await reportFor(t, tn, '2026:1', '2026-T2');
    expect((await t.request('POST', `/api/reports/${r.id}/return`, { ...reviewer, body: { comment: 'Beskriv tidplanen.' } })).status).toBe(200);
    await sink.waitFor(3, 5_000);
    const mails = sink.messages.splice(0);
    expect(mails.map(to).sort()).toEqual(['both@kommun.se', 'ks1@kommun.se', 'ks2@kommun.se']);
    expect(mails[0].subject).toBe('Returnerad: rapporten för 2026:1 (2026-T2)');
    expect(mails[0].text).toContain('Kommentar till nämnden: Beskriv tidplanen.');
  });

  it('collects submissions into one digest per reviewer per 15 minutes', async () => {
    const reconciler = t.get(Reconciler);
    const clock = t.get(Clock);
    const realNow = clock.now.bind(clock);
    try {
      clock.now = () => new Date(realNow().getTime() + 16 * 60_000);
      await reconciler.run();
      await reconciler.run();
      await sink.waitFor(1, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      // (KS's returned report also makes its editors late for the escalation slot: those mails are not what this test is about)
      const digests = sink.messages.splice(0).filter((m) => m.subject?.startsWith('Att granska'));
      expect(digests.map(to)).toEqual(['granskare@kommun.se']);
      // Two were submitted in the window, but 2026:1 has been returned since: the digest counts what
      // the reviewer finds waiting in Granskning (issue 17: the digest's count must equal the list).
      expect(digests[0].subject).toMatch(/^Att granska: 1 rapport inskickad för 2026-T2$/);
      const waiting = await t.request('GET', '/api/reports?period=2026-T2&state=submitted', reviewer);
      expect(waiting.body.total).toBe(1);
      expect(digests[0].text).toContain(waiting.body.items[0].case.reference);
    } finally {
      clock.now = realNow;
    }
  });

  it('fires a P1D reminder the day after the October DST change at 08:00 Stockholm time', async () => {
    const reconciler = t.get(Reconciler);
    const clock = t.get(Clock);
    const realNow = clock.now.bind(clock);
    await t.body('IFN', 'nämnd');
    await t.user('ifn@kommun.se', [{ role: 'editor', body: 'IFN' }]);
    await createCase(t, reviewer, { reference: '2026:9', text: 'Fler fritidsgårdar.', leadBody: 'IFN' });
    // Summer time ends on 25 October 2026; the deadline is 27 October 12:00 (CET, UTC+1).
    await openPeriod(t, reviewer, 2026, 'T3', { submissionDeadline: '2026-10-27T12:00:00+01:00', reminderOffsets: ['P1D'], escalationOffsets: [] });
    const count = async () => (await t.request('GET', '/api/notifications?period=2026-T3&to=ifn@kommun.se', reviewer)).body.total;
    try {
      clock.now = () => new Date('2026-10-26T06:59:00Z'); // 07:59 local
      await reconciler.run({ periodId: '2026-T3' });
      expect(await count()).toBe(0);
      clock.now = () => new Date('2026-10-26T07:00:00Z'); // 08:00 local
      await reconciler.run({ periodId: '2026-T3' });
      expect(await count()).toBe(1);
    } finally {
      clock.now = realNow;
    }
  });

  it('audits a change of one\'s own mail preferences in the same transaction', async () => {
    const me = await t.login('ks2@kommun.se');
    const id = (await t.request('GET', '/api/auth/me', me)).body.id;
    expect((await t.request('PATCH', '/api/auth/me/preferences', { ...me, body: { workflowMail: false } })).body).toEqual({ workflowMail: false });
    expect((await t.request('PATCH', '/api/auth/me/preferences', { ...me, body: { workflowMail: false } })).status).toBe(200);
    expect((await t.request('PATCH', '/api/auth/me/preferences', { ...me, body: { workflowMail: 'nej' } })).status).toBe(400);
    const events = await t.em.getConnection().execute(`select actor_id, action, changes from audit_event where entity = 'user' and entity_id = ? and action <> 'user.created' order by at`, [id]);
    expect(events).toEqual([{ actor_id: id, action: 'user.preferences', changes: { workflowMail: { before: true, after: false } } }]);
    await t.request('PATCH', '/api/auth/me/preferences', { ...me, body: { workflowMail: true } });
  });

  it('serves a per-user iCalendar feed of the deadlines that concern the user', async () => {
    const link = await t.request('GET', '/api/auth/me/calendar', tn);
    const url = new URL(link.body.url);
    const res = await t.request('GET', url.pathname + url.search);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/calendar/);
    expect(res.text).toContain('BEGIN:VCALENDAR');
    expect(res.text).toContain('Sista dag: rapporter för 2026-T2');
    expect(res.text).toContain('Sista dag: rapporter för 2026-T3'); // 2026:3 carried over
    await t.user('politiker@kommun.se', [{ role: 'reader' }]);
    const reader = await t.login('politiker@kommun.se');
    const readerUrl = new URL((await t.request('GET', '/api/auth/me/calendar', reader)).body.url);
    expect((await t.request('GET', readerUrl.pathname + readerUrl.search)).text).not.toContain('BEGIN:VEVENT');
    expect((await t.request('GET', '/api/calendar.ics?token=wrong-token-123')).status).toBe(404);
  });
});
