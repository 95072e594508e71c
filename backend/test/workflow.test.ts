import { routes } from '@uppsikt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/common/clock.js';
import { isoOrNull } from '../src/common/iso.js';
import { Sql } from '../src/infra/database/sql.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

describe('cases, periods and the report workflow', () => {
  let t: TestApp;
  let p: People;
  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    await createCase(t, p.reviewer, { reference: '2026:1', text: 'Minska barnfattigdomen i kommunen.', leadBody: 'KS', coBodies: ['TN'], decisionRef: 'KF § 12', diaryNumber: 'KS-2026/00012', decidedOn: '2026-01-27' });
    await createCase(t, p.reviewer, { reference: '2026:2', kind: 'goal', text: 'Sveriges bästa folkhälsa.', leadBody: 'IFN', allBodies: true });
    await createCase(t, p.reviewer, { reference: '2026:10', kind: 'programme_priority', text: 'Trygga uppväxtvillkor.', leadBody: 'TN' });
  });
  afterAll(() => t?.stop());

  /** Runs `fn` with the app's clock stopped at `iso`. */
  const atTime = async <T>(iso: string, fn: () => Promise<T>): Promise<T> => {
    const clock = t.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(iso);
    try {
      return await fn();
    } finally {
      clock.now = realNow;
    }
  };
  const instant = async (sql: string) => isoOrNull((await t.get(Sql).query<{ at: string }>(sql))[0].at);

  it('creates a case with the contract fields', async () => {
    const res = await t.request('GET', '/api/cases/2026%3A1', p.reader);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reference: '2026:1', kind: 'assignment', leadBody: 'KS', coBodies: ['TN'], allBodies: false, decisionRef: 'KF § 12', diaryNumber: 'KS-2026/00012', decidedOn: '2026-01-27', state: 'active', version: 1, reports: [] });
  });

  it('refuses a duplicate reference (409), unknown bodies and related cases (400)', async () => {
    expect((await t.request('POST', '/api/cases', { ...p.reviewer, body: { reference: '2026:1', kind: 'assignment', text: 'x', leadBody: 'KS' } })).status).toBe(409);
    const bad = await t.request('POST', '/api/cases', { ...p.reviewer, body: { reference: '2026:3', kind: 'assignment', text: 'x', leadBody: 'NOPE', coBodies: ['ALSO'], related: ['1999:1'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['leadBody', 'coBodies.0']));
  });

  it('opens a period with one report per active case and a contribution slot per co-body, all bodies expanded', async () => {
    const period = await openPeriod(t, p.reviewer, 2026, 'T2');
    expect(period).toMatchObject({ id: '2026-T2', periodEnd: '2026-08-31', state: 'open', published: false, reminderOffsets: ['P14D', 'P7D', 'P1D'], escalationOffsets: ['P1D', 'P3D'] });
    const list = await t.request('GET', '/api/reports?period=2026-T2', p.reviewer);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((r: { case: { reference: string } }) => r.case.reference)).toEqual(['2026:1', '2026:2', '2026:10']);
    const one = list.body.items[0];
    expect(one).toMatchObject({ body: 'KS', state: 'not_started', status: null, period: '2026-T2' });
    expect(one.contributions.map((c: { body: string }) => c.body)).toEqual(['TN']);
    // "Samtliga nämnder": every active nämnd and styrelse except the lead (IFN); not the utskott or the bolag.
    expect(list.body.items[1].contributions.map((c: { body: string }) => c.body).sort()).toEqual(['KS', 'TN']);
    expect((await t.request('POST', '/api/periods', { ...p.reviewer, body: { year: 2026, term: 'T2', submissionDeadline: '2026-09-15T12:00:00+02:00' } })).status).toBe(409);
  });

  it('runs draft → submitted → returned → draft → submitted → approved, keeping every submission', async () => {
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Arbetet pågår.', forecast: 'Genomfört', version: r.version } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ state: 'draft', status: 'Delvis genomfört', version: r.version + 1 });
    const sub1 = await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: { version: saved.body.version } });
    expect(sub1.status).toBe(200);
    expect(sub1.body.state).toBe('submitted');
    expect(sub1.body.submittedAt).toBeTruthy();
    // edit after submit is a state conflict
    expect((await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'x', version: sub1.body.version } })).status).toBe(409);
    const ret = await t.request('POST', `/api/reports/${r.id}/return`, { ...p.reviewer, body: { comment: 'Beskriv vad som återstår.' } });
    expect(ret.status).toBe(200);
    expect(ret.body).toMatchObject({ state: 'returned', returnComment: 'Beskriv vad som återstår.' });
    const redraft = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'Arbetet pågår. Återstår: upphandling.', version: ret.body.version } });
    expect(redraft.body.state).toBe('draft');
    expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: {} })).status).toBe(200);
    const approved = await t.request('POST', `/api/reports/${r.id}/approve`, { ...p.reviewer, body: {} });
    expect(approved.body).toMatchObject({ state: 'approved', returnComment: null });
    expect(approved.body.approvedAt).toBeTruthy();
    // approved is locked
    expect((await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'sent', version: approved.body.version } })).status).toBe(409);
    const subs = await t.request('GET', `/api/reports/${r.id}/submissions`, p.reader);
    expect(subs.status).toBe(200);
    expect(subs.body).toHaveLength(2);
    expect(subs.body[0]).toMatchObject({ status: 'Delvis genomfört', comment: 'Arbetet pågår.', forecast: 'Genomfört' });
    expect(subs.body[1].comment).toBe('Arbetet pågår. Återstår: upphandling.');
    // reopen goes back to the body, logged
    const reopened = await t.request('POST', `/api/reports/${r.id}/reopen`, { ...p.reviewer, body: { comment: 'Ny information har kommit.' } });
    expect(reopened.body).toMatchObject({ state: 'returned', returnComment: 'Ny information har kommit.' });
  });

  it('says what is missing when a report is submitted too early (400 with details)', async () => {
    const r = await reportFor(t, p.tn, '2026:10', '2026-T2');
    const res = await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.tn, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['comment', 'status']);
  });

  it('checks values against the case kind scale; trend only for programme priorities', async () => {
    const goal = await reportFor(t, p.ifn, '2026:2', '2026-T2');
    const wrongScale = await t.request('PUT', `/api/reports/${goal.id}`, { ...p.ifn, body: { status: 'Genomfört', version: goal.version } });
    expect(wrongScale.status).toBe(400);
    expect(wrongScale.body.details[0].path).toBe('status');
    const trend = await t.request('PUT', `/api/reports/${goal.id}`, { ...p.ifn, body: { trend: 'Positiv', version: goal.version } });
    expect(trend.status).toBe(400);
    const prio = await reportFor(t, p.tn, '2026:10', '2026-T2');
    const ok = await t.request('PUT', `/api/reports/${prio.id}`, { ...p.tn, body: { status: 'Enligt plan', trend: 'Positiv', comment: 'Bra.', version: prio.version } });
    expect(ok.status).toBe(200);
  });

  it('lets co-bodies write contributions, and only them', async () => {
    const r = await reportFor(t, p.tn, '2026:2', '2026-T2');
    const res = await t.request('PUT', `/api/reports/${r.id}/contributions/TN`, { ...p.tn, body: { text: 'Tekniska nämnden: cykelvägar byggs.' } });
    expect(res.status).toBe(200);
    expect(res.body.contributions.find((c: { body: string }) => c.body === 'TN')).toMatchObject({ text: 'Tekniska nämnden: cykelvägar byggs.' });
    expect((await t.request('PUT', `/api/reports/${r.id}/contributions/KS`, { ...p.tn, body: { text: 'x' } })).status).toBe(403);
    expect((await t.request('PUT', `/api/reports/${r.id}/contributions/JUSK`, { ...p.admin, body: { text: 'x' } })).status).toBe(404);
  });

  it('shows readers only submitted and approved reports, on the case page and in its history', async () => {
    // 2026:2 has a draft in 2026-T2: the reader sees neither the draft nor its saves.
    const draft = await reportFor(t, p.admin, '2026:2', '2026-T2');
    const saved = await t.request('PUT', `/api/reports/${draft.id}`, { ...p.admin, body: { comment: 'Internt utkast', version: draft.version } });
    expect(saved.status).toBe(200);
    const [asReader, asEditor] = await Promise.all([t.request('GET', '/api/cases/2026%3A2', p.reader), t.request('GET', '/api/cases/2026%3A2', p.ifn)]);
    expect(asEditor.body.reports.map((r: { state: string }) => r.state)).toContain('draft');
    expect(asReader.body.reports.every((r: { state: string }) => ['submitted', 'approved'].includes(r.state))).toBe(true);
    expect(JSON.stringify(asReader.body)).not.toContain('Internt utkast');
    const history = await t.request('GET', '/api/cases/2026%3A2/history', p.reader);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { action: string }) => e.action)).toContain('case.created');
    expect(JSON.stringify(history.body)).not.toContain('Internt utkast');
    const full = await t.request('GET', '/api/cases/2026%3A2/history', p.reviewer);
    expect(full.body.map((e: { action: string }) => e.action)).toContain('report.saved');
  });

  it('answers the JSON reads with exactly the contract schemas', async () => {
    const reads = [
      [routes.listCases, '/api/cases?q=barnfattigdom'],
      [routes.listCases, '/api/cases?kind=goal&page=2&pageSize=1'],
      [routes.getCase, '/api/cases/2026%3A1'],
      [routes.caseHistory, '/api/cases/2026%3A1/history'],
      [routes.listReports, '/api/reports?period=2026-T2'],
    ] as const;
    for (const [route, url] of reads) {
      const res = await t.request('GET', url, p.reviewer);
      expect(res.status, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('application/json; charset=utf-8');
      // Parsing strips unknown keys and fails on wrong types: equal means exactly the contract.
      expect(route.response!.parse(res.body), url).toEqual(res.body);
    }
    const withContribution = (await t.request('GET', '/api/cases/2026%3A1', p.reviewer)).body.reports[0];
    expect(withContribution.case).toMatchObject({ reference: '2026:1', kind: 'assignment' });
    expect(withContribution.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u);
  });

  it('keeps a history of the case and its reports, newest first', async () => {
    const res = await t.request('GET', '/api/cases/2026%3A1/history', p.reviewer);
    expect(res.status).toBe(200);
    const actions = res.body.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('report.reopened');
    expect(actions.at(-1)).toBe('case.created');
    expect(actions).toEqual(expect.arrayContaining(['report.saved', 'report.submitted', 'report.returned', 'report.approved']));
    const saved = res.body.find((e: { action: string }) => e.action === 'report.saved');
    expect(saved.changes.comment).toBeDefined();
    expect(saved.actorName).toBeTruthy();
  });

  it('refuses to change or delete audit events and submission snapshots in the database', async () => {
    const conn = t.em.getConnection();
    await expect(conn.execute(`update audit_event set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from audit_event`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`update report_submission set comment = 'x'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from report_submission`)).rejects.toThrow(/append-only/);
  });

  it('patches a case with optimistic locking and closes it', async () => {
    const c = (await t.request('GET', '/api/cases/2026%3A10', p.reviewer)).body;
    const stale = await t.request('PATCH', '/api/cases/2026%3A10', { ...p.reviewer, body: { title: 'Ny titel', version: c.version + 5 } });
    expect(stale.status).toBe(409);
    const ok = await t.request('PATCH', '/api/cases/2026%3A10', { ...p.reviewer, body: { title: 'Trygga uppväxtvillkor', coBodies: ['IFN'], version: c.version } });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(c.version + 1);
    const r = await reportFor(t, p.tn, '2026:10', '2026-T2');
    expect(r.contributions.map((x: { body: string }) => x.body)).toEqual(['IFN']);
    const closed = await atTime('2026-11-23T09:15:00Z', () => t.request('POST', '/api/cases/2026%3A10/close', { ...p.reviewer, body: { outcome: 'completed', note: 'Klart.' } }));
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('completed');
    expect(await instant(`select closed_at as at from "case" where reference = '2026:10'`)).toBe('2026-11-23T09:15:00.000Z');
    expect((await t.request('POST', '/api/cases/2026%3A10/close', { ...p.reviewer, body: { outcome: 'completed' } })).status).toBe(409);
  });

  it('carries unfinished cases into new periods, not closed ones', async () => {
    await openPeriod(t, p.reviewer, 2026, 'T3', { submissionDeadline: '2027-01-20T12:00:00+01:00' });
    const list = await t.request('GET', '/api/reports?period=2026-T3', p.reviewer);
    expect(list.body.items.map((r: { case: { reference: string } }) => r.case.reference)).toEqual(['2026:1', '2026:2']);
    const r = list.body.items[0];
    const forecast = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { forecast: 'Genomfört', version: r.version } });
    expect(forecast.status).toBe(400); // no forecast in T3
  });

  it('freezes a closed period and publishes its approved reports only', async () => {
    const closed = await atTime('2026-11-23T10:00:00Z', () => t.request('POST', '/api/periods/2026-T2/close', p.reviewer));
    expect(closed.body.state).toBe('closed');
    expect(await instant(`select closed_at as at from period where id = '2026-T2'`)).toBe('2026-11-23T10:00:00.000Z');
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    expect((await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'x', version: r.version } })).status).toBe(409);
    expect((await t.request('POST', `/api/reports/${r.id}/approve`, { ...p.reviewer, body: {} })).status).toBe(409);
    expect((await t.request('GET', '/api/public/periods/2026-T2/cases')).status).toBe(404);
    expect((await atTime('2026-11-23T11:00:00Z', () => t.request('POST', '/api/periods/2026-T2/publish', p.reviewer))).body.published).toBe(true);
    expect(await instant(`select published_at as at from period where id = '2026-T2'`)).toBe('2026-11-23T11:00:00.000Z');
    const pub = await t.request('GET', '/api/public/periods/2026-T2/cases');
    expect(pub.status).toBe(200);
    expect(pub.body.items).toEqual([]); // 2026:1 was reopened, so nothing is approved
    expect((await t.request('GET', '/api/public/periods')).body.map((x: { id: string }) => x.id)).toEqual(['2026-T2']);
  });

  it('answers 404 for unknown things and never 500', async () => {
    expect((await t.request('GET', '/api/cases/1999%3A1', p.reader)).status).toBe(404);
    expect((await t.request('GET', '/api/reports/not-a-uuid', p.reader)).status).toBe(404);
    expect((await t.request('GET', '/api/reports/00000000-0000-7000-8000-000000000000', p.reader)).status).toBe(404);
    expect((await t.request('POST', '/api/periods/2099-T1/close', p.reviewer)).status).toBe(404);
    expect((await t.request('GET', '/api/nothing-here', p.reader)).status).toBe(404);
  });

  it("tells the board who returned a report and when until it is sent in again, and lists each case's latest submitted status (never a draft)", async () => {
    await createCase(t, p.reviewer, { reference: '2026:77', text: 'Utred fler förskoleplatser.', leadBody: 'KS' });
    const statuses = async (who = p.reader) => t.request('GET', `/api/case-statuses?references=${encodeURIComponent('2026:77,2026:1,1999:1')}`, who);
    expect((await statuses()).body).toEqual([]);

    await openPeriod(t, p.reviewer, 2031, 'T1');
    const first = await reportFor(t, p.ks, '2026:77', '2031-T1');
    const saved = await t.request('PUT', `/api/reports/${first.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Lokaler söks.', forecast: 'Genomfört', version: first.version } });
    expect((await t.request('POST', `/api/reports/${first.id}/submit`, { ...p.ks, body: { version: saved.body.version } })).status).toBe(200);
    expect((await t.request('POST', `/api/reports/${first.id}/approve`, { ...p.reviewer, body: {} })).status).toBe(200);

    await openPeriod(t, p.reviewer, 2031, 'T2');
    const second = await reportFor(t, p.ks, '2026:77', '2031-T2');
    const draft = await t.request('PUT', `/api/reports/${second.id}`, { ...p.ks, body: { status: 'Genomfört', comment: 'Klart i augusti.', forecast: 'Genomfört', version: second.version } });
    const latest = { reference: '2026:77', period: '2031-T1', status: 'Delvis genomfört', state: 'approved' };
    for (const who of [p.reader, p.reviewer, p.ks]) expect((await statuses(who)).body).toEqual([latest]);
    expect(routes.caseStatuses.response!.parse((await statuses()).body)).toEqual([latest]);

    expect((await t.request('POST', `/api/reports/${second.id}/submit`, { ...p.ks, body: { version: draft.body.version } })).status).toBe(200);
    expect((await statuses()).body).toEqual([{ reference: '2026:77', period: '2031-T2', status: 'Genomfört', state: 'submitted' }]);
    const returned = await t.request('POST', `/api/reports/${second.id}/return`, { ...p.reviewer, body: { comment: 'Ange datum.' } });
    expect(returned.body).toMatchObject({ state: 'returned', returnComment: 'Ange datum.', returnedBy: expect.any(String) });
    expect(Date.parse(returned.body.returnedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await statuses()).body).toEqual([latest]);
    const redraft = await t.request('PUT', `/api/reports/${second.id}`, { ...p.ks, body: { comment: 'Klart den 15 augusti.', version: returned.body.version } });
    expect(redraft.body).toMatchObject({ state: 'draft', returnedAt: returned.body.returnedAt, returnedBy: returned.body.returnedBy });
    const listed = await t.request('GET', '/api/reports?period=2031-T2&body=KS&state=draft', p.ks);
    expect(listed.body.items.find((r: { id: string }) => r.id === second.id)).toMatchObject({ returnedAt: returned.body.returnedAt, returnedBy: returned.body.returnedBy });
    const resubmitted = await t.request('POST', `/api/reports/${second.id}/submit`, { ...p.ks, body: {} });
    expect(resubmitted.body).toMatchObject({ state: 'submitted', returnedAt: null, returnedBy: null });

    expect((await t.request('GET', '/api/case-statuses?references=', p.reader)).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `2026:${i + 1000}`).join(',');
    expect((await t.request('GET', `/api/case-statuses?references=${encodeURIComponent(many)}`, p.reader)).status).toBe(400);
    expect((await t.request('GET', '/api/case-statuses?references=2026:1', {})).status).toBe(401);
  });
});
