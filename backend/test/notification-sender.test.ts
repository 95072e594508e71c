import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MailPort } from '../src/infra/mail/mail.port.js';
import { NotificationRepository } from '../src/modules/notifications/notification.repository.js';
import { NotificationSender } from '../src/modules/notifications/sender.js';
import { TestApp } from './support/app.js';
import { SmtpSink } from './support/smtp-sink.js';

/** How many mails a worker holds in memory while they wait for an SMTP connection (issue 18.3). */
describe('notification sender', () => {
  let t: TestApp;
  const sink = new SmtpSink();
  beforeAll(async () => {
    await sink.start();
    sink.latencyMs = 40;
    t = await TestApp.start({ SMTP_URL: sink.url, SMTP_POOL_CONNECTIONS: '2' });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.stop();
    await sink.stop();
  });

  it('claims a mail only when an SMTP connection can take it soon, and sends each once', async () => {
    const repo = t.get(NotificationRepository);
    const mail = t.get(MailPort);
    const body = 'Du har 90 rapporter kvar – senast fredag…\n'.repeat(500);
    const ids = await repo.insert(
      Array.from({ length: 30 }, (_, i) => ({ kind: 'reminder' as const, periodId: null, slot: 'gate-test', recipient: `e${i}@kommun.se`, recipientUserId: null, mail: { subject: `Påminnelse ${i}`, text: body, html: `<pre>${body}</pre>` } })),
    );
    expect(ids).toHaveLength(30);

    // Rows claimed (their mail read into memory) and not yet handed over to the SMTP server.
    let held = 0;
    let peak = 0;
    const claim = repo.claim.bind(repo);
    vi.spyOn(repo, 'claim').mockImplementation(async (...args) => {
      held++;
      peak = Math.max(peak, held);
      return claim(...args);
    });
    const send = mail.send.bind(mail);
    vi.spyOn(mail, 'send').mockImplementation(async (message) => {
      try {
        return await send(message);
      } finally {
        held--;
      }
    });

    // As the queue runs them: 25 jobs at once in one worker.
    const sender = t.get(NotificationSender);
    const queue = [...ids];
    const results: string[] = [];
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) results.push(await sender.send({ id }));
      }),
    );

    expect(results.filter((r) => r === 'sent')).toHaveLength(30);
    // two SMTP connections: one mail transferring and one being claimed on each, never the 25 jobs' worth
    expect(peak).toBe(4);
    expect(new Set(sink.messages.map((m) => m.subject)).size).toBe(30);
    expect(sink.messages).toHaveLength(30);
    const states = await t.em.getConnection().execute(`select state, count(*)::int as n, bool_or(claimed_at is not null) as claimed from notification where slot = 'gate-test' group by state`);
    expect(states).toEqual([{ state: 'sent', n: 30, claimed: false }]);
  }, 60_000);

  it('settles a refused mail as queued again, with the SMTP error, and frees its place', async () => {
    const repo = t.get(NotificationRepository);
    const [id] = await repo.insert([{ kind: 'reminder', periodId: null, slot: 'gate-refused', recipient: 'tn1@kommun.se', recipientUserId: null, mail: { subject: 'Påminnelse', text: 'Hej', html: '<p>Hej</p>' } }]);
    sink.failing = true;
    try {
      // the first of three attempts
      const job = { attemptsMade: 0, opts: { attempts: 3 } } as Job;
      await expect(t.get(NotificationSender).send({ id }, job)).rejects.toThrow(/451|Try again later/);
    } finally {
      sink.failing = false;
    }
    const [row] = await t.em.getConnection().execute(`select state, attempts, claimed_at, last_error from notification where id = ?`, [id]);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, claimed_at: null });
    expect(row.last_error).toMatch(/451|Try again later/);
    expect(await t.get(NotificationSender).send({ id })).toBe('sent');
  }, 30_000);
});
