import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp, type Caller } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

const RETURN_COMMENT = 'Hemligt-returord: beskriv vad som återstår';

/** Issue 12, items 6 and 7: what readers learn about reports they may not read. */
describe('readers see only what they may read', () => {
  let t: TestApp;
  let p: People;
  let coEditor: Caller;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    coEditor = await t.as([{ role: 'editor', body: 'TN' }]);
    await createCase(t, p.reviewer, { reference: '2026:1', leadBody: 'KS', coBodies: ['TN'] });
    await createCase(t, p.reviewer, { reference: '2026:2', leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2025, 'T3', { submissionDeadline: '2026-01-15T12:00:00+01:00' });
    await openPeriod(t, p.reviewer, 2026, 'T1', { submissionDeadline: '2026-05-15T12:00:00+02:00' });
  });
  afterAll(() => t?.stop());

  async function save(reference: string, period: string, body: Record<string, unknown>) {
    const r = await reportFor(t, p.ks, reference, period);
    const res = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { ...body, version: r.version } });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  async function submit(id: string) {
    const res = await t.request('POST', `/api/reports/${id}/submit`, { ...p.ks, body: {} });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  const refs = async (who: Caller, status: string) => {
    const res = await t.request('GET', `/api/cases?status=${encodeURIComponent(status)}`, who);
    expect(res.status).toBe(200);
    return res.body.items.map((c: { reference: string }) => c.reference);
  };

  it('filters cases by status through the latest report the caller may read (item 6)', async () => {
    // 2025-T3: submitted "Delvis genomfört"; 2026-T1: a draft saying "Genomfört".
    const older = await save('2026:1', '2025-T3', { status: 'Delvis genomfört', comment: 'Pågår.' });
    await submit(older.id);
    await save('2026:1', '2026-T1', { status: 'Genomfört', comment: 'Utkast.', forecast: 'Genomfört' });
    // A case whose only report with a status is a draft.
    await save('2026:2', '2026-T1', { status: 'Inte genomfört', forecast: 'Genomfört' });

    expect(await refs(p.reviewer, 'Genomfört')).toEqual(['2026:1']);
    expect(await refs(p.reviewer, 'Inte genomfört')).toEqual(['2026:2']);
    expect(await refs(p.reader, 'Genomfört')).toEqual([]);
    expect(await refs(p.reader, 'Inte genomfört')).toEqual([]);
    expect(await refs(p.reader, 'Delvis genomfört')).toEqual(['2026:1']);
  });

  describe('return comments stay between SLK and the board (item 7)', () => {
    let reportId: string;

    beforeAll(async () => {
      const draft = await save('2026:2', '2025-T3', { status: 'Delvis genomfört', comment: 'Första versionen.' });
      await submit(draft.id);
      const returned = await t.request('POST', `/api/reports/${draft.id}/return`, { ...p.reviewer, body: { comment: RETURN_COMMENT } });
      expect(returned.status).toBe(200);
      expect(returned.body.returnComment).toBe(RETURN_COMMENT);
      reportId = draft.id;
      // Fixed and resubmitted: readers may read the report again, the comment is still on it.
      const fixed = await save('2026:2', '2025-T3', { comment: 'Andra versionen.' });
      await submit(fixed.id);
    });

    const readsOf = (who: Caller) =>
      Promise.all([
        t.request('GET', `/api/reports/${reportId}`, who),
        t.request('GET', '/api/cases/2026%3A2', who),
        t.request('GET', '/api/reports?case=2026%3A2', who),
        t.request('GET', '/api/reports?period=2025-T3&state=submitted', who),
        t.request('GET', '/api/cases/2026%3A2/history', who),
      ]);

    it('is shown to reviewers, admins and the board\'s editors', async () => {
      for (const who of [p.reviewer, p.admin, p.ks]) {
        const [report, page, byCase, byPeriod, history] = await readsOf(who);
        expect(report.body.returnComment).toBe(RETURN_COMMENT);
        expect(page.body.reports.find((r: { id: string }) => r.id === reportId).returnComment).toBe(RETURN_COMMENT);
        expect(byCase.body.items.find((r: { id: string }) => r.id === reportId).returnComment).toBe(RETURN_COMMENT);
        expect(byPeriod.body.items.find((r: { id: string }) => r.id === reportId).returnComment).toBe(RETURN_COMMENT);
        expect(history.text).toContain(RETURN_COMMENT);
      }
    });

    it('is never shown to readers or other boards\' editors, in no 200 they get', async () => {
      for (const who of [p.reader, p.tn, coEditor]) {
        const replies = await readsOf(who);
        for (const res of replies) {
          expect(res.status).toBe(200);
          expect(res.text).not.toContain('Hemligt-returord');
        }
        const [report, page] = replies;
        expect(report.body).toMatchObject({ id: reportId, state: 'submitted', returnComment: null });
        expect(page.body.reports.find((r: { id: string }) => r.id === reportId).returnComment).toBeNull();
      }
    });

    it('is not in the history after approval either (returnComment before → after)', async () => {
      const approved = await t.request('POST', `/api/reports/${reportId}/approve`, { ...p.reviewer, body: {} });
      expect(approved.status).toBe(200);
      const forReader = await t.request('GET', '/api/cases/2026%3A2/history', p.reader);
      expect(forReader.body.map((e: { action: string }) => e.action)).toContain('report.approved');
      expect(forReader.text).not.toContain('Hemligt-returord');
      expect(forReader.text).not.toContain('returnComment');
      const forReviewer = await t.request('GET', '/api/cases/2026%3A2/history', p.reviewer);
      const approval = forReviewer.body.find((e: { action: string }) => e.action === 'report.approved');
      expect(approval.changes.returnComment).toEqual({ before: RETURN_COMMENT, after: null });
      const pub = await t.request('POST', '/api/periods/2025-T3/publish', p.reviewer);
      expect(pub.status).toBe(200);
      const open = await t.request('GET', '/api/public/periods/2025-T3/cases');
      expect(open.status).toBe(200);
      expect(open.text).not.toContain('Hemligt-returord');
    });

    it('a co-body editor saving a contribution does not get it back', async () => {
      const r = await reportFor(t, p.reviewer, '2026:1', '2026-T1');
      await submit(r.id);
      const back = await t.request('POST', `/api/reports/${r.id}/return`, { ...p.reviewer, body: { comment: RETURN_COMMENT } });
      expect(back.status).toBe(200);
      const res = await t.request('PUT', `/api/reports/${r.id}/contributions/TN`, { ...coEditor, body: { text: 'Vårt bidrag.' } });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('Hemligt-returord');
    });
  });
});
