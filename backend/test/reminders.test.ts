import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { Clock } from '../src/common/clock.js';
import { Reconciler } from '../src/modules/notifications/reconciler.js';
import { TestApp, type Caller } from './support/app.js';
import { createCase, openPeriod } from './support/fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import { withWorkers } from './support/workers.js';

const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address!;

describe('reminder plans', () => {
  let t: TestApp;
  const sink = new SmtpSink();
  let reviewer: Caller;

  beforeAll(async () => {
    await sink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, NOTIFY_BACKOFF_MS: '100' });
    await t.body('KS', 'styrelse', 'Kommunstyrelsen');
    await t.body('TN', 'nämnd', 'Tekniska nämnden');
    await t.user('ks1@kommun.se', [{ role: 'editor', body: 'KS' }]);
    await t.user('tn1@kommun.se', [{ role: 'editor', body: 'TN' }]);
    await t.user('granskare@kommun.se', [{ role: 'reviewer' }]);
    reviewer = await t.login('granskare@kommun.se');
    await createCase(t, reviewer, { reference: '2027:1', text: 'Bygg fler cykelvägar.', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: '2027:2', text: 'Laddplatser för elbilar.', leadBody: 'TN' });
  });
  afterAll(async () => {
    await t?.stop();
    await sink.stop();
  });

  it.each([
    ['reminderOffsets', ['P99999999999D']],
    ['reminderOffsets', ['P366D']],
    ['reminderOffsets', ['P0D']],
    ['reminderOffsets', ['PT0S']],
    ['reminderOffsets', ['-P1D']],
    ['reminderOffsets', ['14 dagar']],
    ['reminderOffsets', ['P7D', '']],
    ['escalationOffsets', ['P99999999999D']],
    ['escalationOffsets', ['P1D', 'P53W']],
  ])('refuses %s %j with a 400 naming the field', async (field, value) => {
    const res = await t.request('POST', '/api/periods', { ...reviewer, body: { year: 2030, term: 'T1', submissionDeadline: '2030-05-15T12:00:00+02:00', [field]: value } });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ path: field, message: expect.stringContaining('Ogiltig tidsrymd') });
    expect((await t.request('GET', '/api/periods', reviewer)).body.map((p: { id: string }) => p.id)).not.toContain('2030-T1');
  });

  it('accepts offsets up to a year and shorter than a day', async () => {
    const res = await t.request('POST', '/api/periods', { ...reviewer, body: { year: 2031, term: 'T1', submissionDeadline: '2031-05-15T12:00:00+02:00', reminderOffsets: ['P365D', 'P52W', 'PT45S'], escalationOffsets: ['P1D'] } });
    expect(res.status).toBe(201);
    expect(res.body.reminderOffsets).toEqual(['P365D', 'P52W', 'PT45S']);
    await t.request('POST', '/api/periods/2031-T1/close', reviewer);
  });

  it("skips a period whose stored offsets are broken and still sends every other period's reminders", async () => {
    await openPeriod(t, reviewer, 2026, 'T3', { submissionDeadline: '2027-01-20T12:00:00+01:00' });
    await openPeriod(t, reviewer, 2027, 'T1', { submissionDeadline: '2027-05-15T12:00:00+02:00', reminderOffsets: ['P7D'], escalationOffsets: [] });
    // A row the API would refuse, as an old version or a hand edit could have left it (processed first: it sorts first).
    await t.em.getConnection().execute(`update period set reminder_offsets = '{P99999999999D}' where id = '2026-T3'`);
    await withWorkers(t);
    const clock = t.get(Clock);
    const realNow = clock.now.bind(clock);
    try {
      clock.now = () => new Date('2027-05-08T06:00:30Z'); // 08:00:30 Stockholm, seven days before 2027-T1's deadline
      const result = await t.get(Reconciler).run();
      expect(result.failedPeriods).toEqual(['2026-T3']);
      await sink.waitFor(2);
      expect(sink.messages.map(to).sort()).toEqual(['ks1@kommun.se', 'tn1@kommun.se']);
      expect(sink.messages.every((m) => m.subject?.startsWith('Påminnelse: 1 rapport för 2027-T1'))).toBe(true);
    } finally {
      clock.now = realNow;
    }
  });

  it('previews every send of a period by the rule that sends it: the plan before a slot is what the slot creates', async () => {
    reviewer = await t.login('granskare@kommun.se'); // the clock of the test before may have outlived the session
    await openPeriod(t, reviewer, 2028, 'T1', { submissionDeadline: '2028-05-15T12:00:00+02:00', reminderOffsets: ['P7D', 'P1D'], escalationOffsets: ['P2D'] });
    type Send = { at: string; kind: string; body: string | null; recipients: string[]; reports: number; state: string };
    let session: Caller = reviewer;
    const preview = async () => (await t.request('GET', '/api/periods/2028-T1/reminders', session)).body as Send[];
    const slot = (rows: Send[], at: string) => rows.filter((r) => r.at === at);
    const first = '2028-05-08T06:00:00.000Z'; // 08:00 Stockholm, seven days before
    const escalation = '2028-05-17T06:00:00.000Z';

    const before = await preview();
    expect(before.map((r) => `${r.at} ${r.kind} ${r.body} ${r.state}`)).toEqual([
      `${first} reminder KS planned`,
      `${first} reminder TN planned`,
      '2028-05-14T06:00:00.000Z reminder KS planned',
      '2028-05-14T06:00:00.000Z reminder TN planned',
      `${escalation} escalation KS planned`,
      `${escalation} escalation TN planned`,
    ]);
    expect(slot(before, first)).toEqual([
      { at: first, kind: 'reminder', body: 'KS', recipients: ['ks1@kommun.se'], reports: 1, state: 'planned' },
      { at: first, kind: 'reminder', body: 'TN', recipients: ['tn1@kommun.se'], reports: 1, state: 'planned' },
    ]);
    expect(slot(before, escalation).map((r) => r.recipients)).toEqual([
      ['granskare@kommun.se', 'ks1@kommun.se', 'ks@example.se'],
      ['granskare@kommun.se', 'tn1@kommun.se', 'tn@example.se'],
    ]);
    // Readers and editors may not see who gets what.
    const editor = await t.login('ks1@kommun.se');
    expect((await t.request('GET', '/api/periods/2028-T1/reminders', editor)).status).toBe(403);
    expect((await t.request('GET', '/api/periods/1999-T1/reminders', reviewer)).status).toBe(404);

    const clock = t.get(Clock);
    const realNow = clock.now.bind(clock);
    const seen = new Set<string>();
    try {
      for (const at of [first, escalation]) {
        clock.now = () => new Date(new Date(at).getTime() + 30_000);
        session = await t.login('granskare@kommun.se'); // the clock jumped past the session's idle time
        await t.get(Reconciler).run({ periodId: '2028-T1' });
        const after = await preview();
        // What the slot created is exactly what the preview said before it.
        expect(slot(after, at)).toEqual(slot(before, at).map((r) => ({ ...r, state: 'sent' })));
        const created = (await t.request('GET', '/api/notifications?period=2028-T1&pageSize=100', session)).body.items.filter((n: { id: string }) => !seen.has(n.id));
        for (const n of created) seen.add(n.id);
        expect(created.map((n: { to: string }) => n.to).sort()).toEqual([...new Set(slot(before, at).flatMap((r) => r.recipients))].sort());
      }
      // The reminder the day before the deadline was never due while the clock jumped past it.
      expect(slot(await preview(), '2028-05-14T06:00:00.000Z').map((r) => r.state)).toEqual(['skipped']);
    } finally {
      clock.now = realNow;
    }
  });
});
