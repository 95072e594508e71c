import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Sql } from '../src/infra/database/sql.js';
import { DigestComposer } from '../src/modules/notifications/digest-composer.js';
import { INSERT_MAIL_CHARS, NotificationRepository, type NewNotification, type RecipientLines } from '../src/modules/notifications/notification.repository.js';
import { escalationMail, reminderMail, type Rendered } from '../src/modules/notifications/templates.js';
import { TestApp } from './support/app.js';
import { createCase, openPeriod } from './support/fixtures.js';

/** Digests of a slot are composed chunk by chunk of bodies (issue 18.3); chunks must not change who gets what. */
describe('deadline digests in chunks', () => {
  let t: TestApp;
  const period = '2030-T1';
  const flat = (chunks: RecipientLines[][]) =>
    chunks
      .flat()
      .map((d) => ({ recipient: d.recipient, lines: d.lines.map((l) => `${l.body}:${l.reference}`) }))
      .sort((a, b) => a.recipient.localeCompare(b.recipient));
  const collect = async <T>(gen: AsyncGenerator<T>) => {
    const out: T[] = [];
    for await (const x of gen) out.push(x);
    return out;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    for (const b of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']) await t.body(b);
    await t.user('e1@kommun.se', [{ role: 'editor', body: 'B1' }]);
    await t.user('e2@kommun.se', [{ role: 'editor', body: 'B1' }, { role: 'editor', body: 'B4' }]);
    await t.user('e3@kommun.se', [{ role: 'editor', body: 'B2' }]);
    await t.user('e4@kommun.se', [{ role: 'editor', body: 'B3' }, { role: 'editor', body: 'B5' }]);
    await t.user('e6@kommun.se', [{ role: 'editor', body: 'B6' }]);
    // A reviewer who also edits B2: an escalation sends the reviewer's digest (every open report), once.
    await t.user('granskare@kommun.se', [{ role: 'reviewer' }, { role: 'editor', body: 'B2' }]);
    const reviewer = await t.login('granskare@kommun.se');
    let n = 0;
    for (const [body, count] of [['B1', 3], ['B2', 1], ['B3', 2], ['B4', 2], ['B5', 1], ['B6', 1]] as const) {
      for (let i = 0; i < count; i++) await createCase(t, reviewer, { reference: `2030:${++n}`, text: `Uppdrag ${n} till ${body}.`, leadBody: body });
    }
    await openPeriod(t, reviewer, 2030, 'T1', { submissionDeadline: '2030-05-15T12:00:00+02:00' });
    // B3's own address is its editor's: an escalation sends that person the body's digest (as before chunks).
    await t.em.getConnection().execute(`update body set email = 'e4@kommun.se' where code = 'B3'`);
    // B6 has submitted everything: its editor is owed nothing.
    await t.em.getConnection().execute(`update report set state = 'submitted' where body_code = 'B6'`);
  });
  afterAll(() => t?.stop());

  it('gives every editor the same reports whatever the chunk size, a body of several editors and an editor of several bodies included', async () => {
    const repo = t.get(NotificationRepository);
    const whole = await collect(repo.openReportsByEditorInChunks(period, undefined, 1000));
    expect(whole).toHaveLength(1);
    for (const size of [1, 2, 3]) {
      const chunks = await collect(repo.openReportsByEditorInChunks(period, undefined, size));
      expect(chunks.length).toBeGreaterThan(1);
      expect(flat(chunks)).toEqual(flat(whole));
    }
    expect(flat(whole)).toEqual([
      { recipient: 'e1@kommun.se', lines: ['B1:2030:1', 'B1:2030:2', 'B1:2030:3'] },
      { recipient: 'e2@kommun.se', lines: ['B1:2030:1', 'B1:2030:2', 'B1:2030:3', 'B4:2030:7', 'B4:2030:8'] },
      { recipient: 'e3@kommun.se', lines: ['B2:2030:4'] },
      { recipient: 'e4@kommun.se', lines: ['B3:2030:5', 'B3:2030:6', 'B5:2030:9'] },
      { recipient: 'granskare@kommun.se', lines: ['B2:2030:4'] },
    ]);
  });

  it('composes each recipient once per slot; an escalation gives a reviewer who also edits the reviewers’ digest', async () => {
    const composer = t.get(DigestComposer);
    const p = { id: period, submissionDeadline: new Date('2030-05-15T10:00:00Z') };
    const subjects = async (kind: 'reminder' | 'escalation') => {
      const items: NewNotification[] = (await collect(composer.deadline(p, { kind, offset: 'P1D', fireAt: new Date(), key: `${kind}-P1D` }))).flat();
      const recipients = items.map((i) => i.recipient);
      expect(new Set(recipients).size).toBe(recipients.length);
      const subject = (i: NewNotification) => (typeof i.mail === 'function' ? i.mail() : (i.mail as Rendered)).subject;
      return Object.fromEntries(items.map((i) => [i.recipient, subject(i)]));
    };
    const reminders = await subjects('reminder');
    expect(Object.keys(reminders).sort()).toEqual(['e1@kommun.se', 'e2@kommun.se', 'e3@kommun.se', 'e4@kommun.se', 'granskare@kommun.se']);
    expect(reminders['granskare@kommun.se']).toMatch(/^Påminnelse: 1 rapport /u);
    const escalations = await subjects('escalation');
    expect(Object.keys(escalations).sort()).toEqual(['b1@example.se', 'b2@example.se', 'b4@example.se', 'b5@example.se', 'e1@kommun.se', 'e2@kommun.se', 'e3@kommun.se', 'e4@kommun.se', 'granskare@kommun.se']);
    expect(escalations['e4@kommun.se']).toMatch(/^Försenat: 2 rapporter /u);
    expect(escalations['granskare@kommun.se']).toMatch(/^Försenat: 9 rapporter /u);
    expect(escalations['e2@kommun.se']).toMatch(/^Försenat: 5 rapporter /u);
  });

  it('stores a slot’s mails a few at a time: each rendered once, no statement carrying more than its share of rendered mail', async () => {
    // Ten digests of about 60,000 characters, each shared by three editors (as a body's editors share one).
    const renders = new Map<number, number>();
    const items: NewNotification[] = [];
    for (let m = 0; m < 10; m++) {
      const mail = (): Rendered => {
        renders.set(m, (renders.get(m) ?? 0) + 1);
        return { subject: `Påminnelse ${m}`, text: `Text ${m} – ${'x'.repeat(30_000)}`, html: `<p>Html ${m} – ${'y'.repeat(30_000)}</p>` };
      };
      for (let e = 0; e < 3; e++) items.push({ kind: 'reminder', periodId: period, slot: 'statements-test', recipient: `R${m}-${e}@kommun.se`, recipientUserId: null, reportCounts: { B1: 1 }, mail });
    }
    const sql = t.get(Sql);
    const query = vi.spyOn(sql, 'query');
    try {
      const ids = await t.get(NotificationRepository).insert(items);
      expect(ids).toHaveLength(30);
      const inserts = query.mock.calls.filter(([text]) => text.includes('insert into notification'));
      expect(inserts.length).toBeGreaterThan(1);
      for (const [, values] of inserts) {
        // $1: the rows (JSON, no mail in it); then subject, text and HTML of each distinct mail.
        const [rows, ...mailParams] = values as string[];
        expect(rows).not.toContain('x'.repeat(100));
        const chars = mailParams.reduce((sum, x) => sum + x.length, 0);
        expect(mailParams.length === 3 || chars <= INSERT_MAIL_CHARS).toBe(true);
      }
    } finally {
      query.mockRestore();
    }
    expect([...renders.values()]).toEqual(Array(10).fill(1));
    const stored = await t.em.getConnection().execute<Array<{ recipient: string; subject: string; body_text: string }>>(
      `select recipient, subject, body_text from notification where slot = 'statements-test' order by recipient`,
    );
    expect(stored).toHaveLength(30);
    for (const r of stored) {
      const m = /^r(\d+)-/u.exec(r.recipient)![1];
      expect(r.subject).toBe(`Påminnelse ${m}`);
      expect(r.body_text.startsWith(`Text ${m} – x`)).toBe(true);
    }
  });

  it('renders a slot’s digests without making a date formatter per digest', () => {
    const ctx = { appUrl: 'https://uppsikt.kommun.se', municipality: 'Kommunen' };
    const deadline = new Date('2030-05-15T10:00:00Z');
    const lines = [{ reportId: 'r1', reference: '2030:1', text: 'Uppdrag 1.', body: 'B1', state: 'not_started' }];
    reminderMail(ctx, period, deadline, lines);
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 20; i++) {
        expect(reminderMail(ctx, period, deadline, lines).text).toContain('Sista dag är 15 maj 2030 kl. 12:00.');
        escalationMail(ctx, period, deadline, lines, 'body');
      }
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });
});
