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
});
