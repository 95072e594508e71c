import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailPort } from '../src/infra/mail/mail.port.js';
import { TestApp } from './support/app.js';
import { SmtpSink } from './support/smtp-sink.js';

describe('mail drivers', () => {
  describe('without SMTP_URL: the catcher', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start();
    });
    afterAll(() => t?.stop());

    it('keeps each message in the database for admins to read', async () => {
      const mail = t.get(MailPort);
      expect(mail.driver).toBe('catcher');
      await mail.send({ to: ['ks@example.se'], subject: 'Påminnelse: 3 rapporter', text: 'Hej!', html: '<p>Hej!</p>' });
      const admin = await t.as([{ role: 'admin' }]);
      const res = await t.request('GET', '/api/admin/mail', admin);
      expect(res.body.total).toBe(1);
      expect(res.body.items[0]).toMatchObject({ to: ['ks@example.se'], subject: 'Påminnelse: 3 rapporter', text: 'Hej!', html: '<p>Hej!</p>' });
    });
  });

  describe('with SMTP_URL: pooled SMTP', () => {
    let t: TestApp;
    const sink = new SmtpSink();
    beforeAll(async () => {
      await sink.start();
      t = await TestApp.start({ SMTP_URL: sink.url, MAIL_FROM: 'Uppsikt <uppsikt@kommun.se>' });
    });
    afterAll(async () => {
      await t?.stop();
      await sink.stop();
    });

    it('delivers to a real SMTP server with Swedish characters intact', async () => {
      const mail = t.get(MailPort);
      expect(mail.driver).toBe('smtp');
      await mail.send({ to: ['tn@example.se'], subject: 'Återrapportering för Tekniska nämnden', text: 'Åtgärder på ÖFN.' });
      const [msg] = await sink.waitFor(1);
      expect(msg.subject).toBe('Återrapportering för Tekniska nämnden');
      expect(msg.text?.trim()).toBe('Åtgärder på ÖFN.');
      expect(msg.from?.text).toContain('uppsikt@kommun.se');
      const health = await t.request('GET', '/api/health');
      expect(health.body.checks.mail.status).toBe('up');
    });

    it('keeps its SMTP connections open between mails (a pool, not one session per mail)', async () => {
      const mail = t.get(MailPort);
      const before = sink.connections;
      const sent = sink.messages.length;
      await Promise.all(Array.from({ length: 12 }, (_, i) => mail.send({ to: [`e${i}@example.se`], subject: `Påminnelse ${i}`, text: 'Hej!' })));
      for (let i = 0; i < 12; i++) await mail.send({ to: [`f${i}@example.se`], subject: `Påminnelse ${i}`, text: 'Hej!' });
      await sink.waitFor(sent + 24);
      // at most SMTP_POOL_CONNECTIONS (5) sessions for 24 mails, some already open from the test above
      expect(sink.connections - before).toBeLessThanOrEqual(5);
    });

    it('reports mail as down in health when the SMTP server is gone', async () => {
      await sink.stop();
      // the health check caches the mail probe for 10 s; a fresh app sees the outage at once
      const t2 = await TestApp.start({ SMTP_URL: sink.url });
      try {
        const res = await t2.request('GET', '/api/health');
        expect(res.status).toBe(503);
        expect(res.body.checks.mail.status).toBe('down');
      } finally {
        await t2.stop();
      }
    });
  });
});
