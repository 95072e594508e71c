import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { MailPort } from '../src/infra/mail/mail.port.js';
import { NotificationRepository } from '../src/modules/notifications/notification.repository.js';
import { Reconciler } from '../src/modules/notifications/reconciler.js';
import { REDIS_URL, TestApp, type Caller } from './support/app.js';
import { createCase, openPeriod } from './support/fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import { waitUntil, withWorkers } from './support/workers.js';

const here = dirname(fileURLToPath(import.meta.url));
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address!;
const countBy = (mails: ParsedMail[]) => mails.map(to).reduce<Record<string, number>>((acc, a) => ({ ...acc, [a]: (acc[a] ?? 0) + 1 }), {});

/** Exactly once, lost never: Redis flushes, SMTP outages, dead workers and several workers. */
describe('notification delivery under faults', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let reviewer: Caller;

  async function setup(env: Record<string, string> = {}, inProcessWorkers = true) {
    sink = await new SmtpSink().start();
    t = await TestApp.start({ SMTP_URL: sink.url, REMINDER_RECONCILE_SECONDS: '1', NOTIFY_BACKOFF_MS: '100', NOTIFY_STALE_CLAIM_SECONDS: '2', ...env });
    await t.body('KS', 'styrelse');
    await t.body('TN', 'nämnd');
    await t.user('ks1@kommun.se', [{ role: 'editor', body: 'KS' }]);
    await t.user('tn1@kommun.se', [{ role: 'editor', body: 'TN' }]);
    await t.user('granskare@kommun.se', [{ role: 'reviewer' }]);
    reviewer = await t.login('granskare@kommun.se');
    await createCase(t, reviewer, { reference: '2026:1', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: '2026:2', leadBody: 'TN' });
    if (inProcessWorkers) await withWorkers(t);
  }

  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await t?.stop();
    await sink?.stop();
  });

  it('loses and doubles nothing when Redis is flushed between two slots', async () => {
    await setup();
    const deadline = Date.now() + 12_000;
    await openPeriod(t, reviewer, 2026, 'T2', { submissionDeadline: new Date(deadline).toISOString(), reminderOffsets: ['PT10S', 'PT3S'], escalationOffsets: [] });
    await sink.waitFor(2, 6_000);
    // Everything the app had in Redis disappears.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${t.prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    await waitUntil(() => sink.messages.length >= 4, 15_000, 'second slot after the flush');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(countBy(sink.messages)).toEqual({ 'ks1@kommun.se': 2, 'tn1@kommun.se': 2 });
  }, 40_000);

  it('delivers every mail once when SMTP is down across a slot and comes back', async () => {
    await setup();
    sink.failing = true;
    await openPeriod(t, reviewer, 2026, 'T2', { submissionDeadline: new Date(Date.now() + 3_000).toISOString(), reminderOffsets: ['PT2S'], escalationOffsets: [] });
    await waitUntil(async () => (await t.request('GET', '/api/notifications?pageSize=10', reviewer)).body.items.some((n: { attempts: number }) => n.attempts >= 2), 10_000, 'retries');
    expect(sink.messages).toHaveLength(0);
    sink.failing = false;
    await sink.waitFor(2, 15_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(countBy(sink.messages)).toEqual({ 'ks1@kommun.se': 1, 'tn1@kommun.se': 1 });
    const log = await t.request('GET', '/api/notifications', reviewer);
    expect(log.body.items.every((n: { state: string; attempts: number }) => n.state === 'sent' && n.attempts >= 2)).toBe(true);
  }, 40_000);

  it('marks a notification failed after the last try, shows it to admins, and sends it once when retried', async () => {
    await setup({ NOTIFY_MAX_ATTEMPTS: '3' });
    sink.failing = true;
    await openPeriod(t, reviewer, 2026, 'T2', { submissionDeadline: new Date(Date.now() + 2_000).toISOString(), reminderOffsets: ['PT1S'], escalationOffsets: [] });
    const admin = await t.as([{ role: 'admin' }]);
    await waitUntil(async () => (await t.request('GET', '/api/notifications?state=failed', admin)).body.total === 2, 15_000, 'failed state');
    const failed = (await t.request('GET', '/api/notifications?state=failed', admin)).body.items;
    expect(failed[0]).toMatchObject({ state: 'failed', attempts: 3, lastError: expect.stringMatching(/451|Try again/) });
    sink.failing = false;
    for (const n of failed) expect((await t.request('POST', `/api/notifications/${n.id}/retry`, admin)).status).toBe(200);
    await sink.waitFor(2, 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(countBy(sink.messages)).toEqual({ 'ks1@kommun.se': 1, 'tn1@kommun.se': 1 });
  }, 40_000);

  it('sends at most one duplicate, flagged for admins, when a worker died after SMTP accepted the mail', async () => {
    await setup();
    const em = t.em;
    const [id] = await t.get(NotificationRepository).insert(
      [{ kind: 'reminder', periodId: null, slot: 'crash-test', recipient: 'ks1@kommun.se', recipientUserId: null, mail: { subject: 'Påminnelse', text: 'Hej', html: '<p>Hej</p>' } }],
      em,
    );
    // What a worker leaves behind when it dies right after the SMTP server accepted the message:
    await em.getConnection().execute(`update notification set attempts = 1, claimed_at = now() - interval '10 seconds' where id = ?`, [id]);
    await t.get(MailPort).send({ to: ['ks1@kommun.se'], subject: 'Påminnelse', text: 'Hej', messageId: `<${id}@uppsikt>` });
    await sink.waitFor(1);
    await t.get(Reconciler).run();
    await sink.waitFor(2, 10_000);
    await t.get(Reconciler).run();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sink.messages).toHaveLength(2);
    expect(sink.messages[0].messageId).toBe(sink.messages[1].messageId); // receivers can deduplicate
    const admin = await t.as([{ role: 'admin' }]);
    const row = (await t.request('GET', '/api/notifications?to=ks1@kommun.se', admin)).body.items[0];
    expect(row).toMatchObject({ state: 'sent', possibleDuplicate: true, attempts: 2 });
  }, 30_000);

  it('sends each digest exactly once with two worker processes', async () => {
    await setup({}, false);
    const started: Promise<void>[] = [];
    for (let i = 0; i < 2; i++) {
      // The workers log at info so the test can wait for both to be up, however loaded the machine is.
      const child = spawn(process.execPath, [join(here, '..', 'dist', 'worker.js')], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr?.on('data', (d) => process.stderr.write(`[worker ${i}] ${d}`));
      started.push(new Promise((resolve) => child.stdout?.on('data', (d) => String(d).includes('Uppsikt worker started') && resolve())));
      children.push(child);
    }
    await Promise.all(started);
    await openPeriod(t, reviewer, 2026, 'T2', { submissionDeadline: new Date(Date.now() + 8_000).toISOString(), reminderOffsets: ['PT6S', 'PT3S'], escalationOffsets: ['PT1S'] });
    await waitUntil(() => sink.messages.length >= 7, 40_000, 'all slots');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(countBy(sink.messages)).toEqual({ 'ks1@kommun.se': 3, 'tn1@kommun.se': 3, 'granskare@kommun.se': 1, 'ks@example.se': 1, 'tn@example.se': 1 });
  }, 120_000);
});
