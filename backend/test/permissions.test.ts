import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteName } from '@uppsikt/shared';
import type { Role } from '@uppsikt/shared';
import { PASSWORD, TestApp, type Caller } from './support/app.js';
import type { TestProvider } from './support/oidc-provider.js';
import { ssoAs, ssoEnv, startProvider } from './support/sso.js';
import { createCase, openPeriod, reportFor } from './support/fixtures.js';
import { multipartText } from './support/upload.js';

/**
 * Every endpoint × every kind of caller, against a written table of expected status codes.
 * "own" is an editor of the body that owns the object (lead body; for contributions the co-body),
 * "other" an editor of an unrelated body.
 */
const CALLERS = ['admin', 'reviewer', 'own', 'other', 'reader', 'anonymous'] as const;
type CallerName = (typeof CALLERS)[number];

//                                   admin reviewer own  other reader anonymous
const EXPECTED: Record<RouteName, [number, number, number, number, number, number]> = {
  login:             [401, 401, 401, 401, 401, 401], // wrong password for everyone: public endpoint
  logout:            [204, 204, 204, 204, 204, 204],
  me:                [200, 200, 200, 200, 200, 401],
  createToken:       [201, 201, 201, 201, 201, 401],
  listTokens:        [200, 200, 200, 200, 200, 401],
  revokeToken:       [204, 404, 204, 404, 404, 401], // a token of "own": its owner and admins may revoke it
  changePassword:    [204, 204, 204, 204, 204, 401],
  authConfig:        [200, 200, 200, 200, 200, 200],
  ssoLogin:          [302, 302, 302, 302, 302, 302], // to the provider, or back to the login page
  ssoCallback:       [302, 302, 302, 302, 302, 302], // a callback without state: the login page with a message
  health:            [200, 200, 200, 200, 200, 200],
  listBodies:        [200, 200, 200, 200, 200, 401],
  createBody:        [201, 403, 403, 403, 403, 401],
  patchBody:         [200, 403, 403, 403, 403, 401],
  listKinds:         [200, 200, 200, 200, 200, 401],
  createKind:        [201, 403, 403, 403, 403, 401],
  patchKind:         [200, 403, 403, 403, 403, 401],
  listUsers:         [200, 403, 403, 403, 403, 401],
  createUser:        [201, 403, 403, 403, 403, 401],
  patchUser:         [200, 403, 403, 403, 403, 401],
  listCases:         [200, 200, 200, 200, 200, 401],
  createCase:        [201, 201, 403, 403, 403, 401],
  getCase:           [200, 200, 200, 200, 200, 401],
  patchCase:         [200, 200, 403, 403, 403, 401],
  closeCase:         [200, 200, 403, 403, 403, 401],
  caseHistory:       [200, 200, 200, 200, 200, 401],
  caseStatuses:      [200, 200, 200, 200, 200, 401],
  listPeriods:       [200, 200, 200, 200, 200, 401],
  createPeriod:      [201, 201, 403, 403, 403, 401],
  closePeriod:       [200, 200, 403, 403, 403, 401],
  publishPeriod:     [200, 200, 403, 403, 403, 401],
  periodReminders:   [200, 200, 403, 403, 403, 401],
  listReports:       [200, 200, 200, 200, 200, 401],
  getReport:         [200, 200, 200, 200, 200, 401],
  saveReport:        [200, 403, 200, 403, 403, 401],
  submitReport:      [200, 403, 200, 403, 403, 401],
  returnReport:      [200, 200, 403, 403, 403, 401],
  approveReport:     [200, 200, 403, 403, 403, 401],
  reopenReport:      [200, 200, 403, 403, 403, 401],
  reportSubmissions: [200, 200, 200, 200, 200, 401],
  saveContribution:  [200, 403, 200, 403, 403, 401],
  overview:          [200, 200, 200, 200, 200, 401], // the same counts for every role (overview.test.ts)
  publicPeriodCases: [200, 200, 200, 200, 200, 200],
  publicPeriods:     [200, 200, 200, 200, 200, 200],
  mailCatcher:       [200, 403, 403, 403, 403, 401],
  listNotifications: [200, 200, 403, 403, 403, 401],
  retryNotification: [200, 403, 403, 403, 403, 401],
  updatePreferences: [200, 200, 200, 200, 200, 401],
  calendarLink:      [200, 200, 200, 200, 200, 401],
  calendarFeed:      [200, 200, 200, 200, 200, 200], // the token in the URL is the credential
  importCases:       [200, 200, 403, 403, 403, 401],
  importReports:     [200, 200, 403, 403, 403, 401],
  importTemplate:    [200, 200, 403, 403, 403, 401],
  exportFollowup:    [200, 200, 403, 403, 200, 401],
  listIndicators:    [200, 200, 200, 200, 200, 401], // published figures: readers too
  createIndicator:   [201, 201, 403, 403, 403, 401],
  patchIndicator:    [200, 200, 403, 403, 403, 401],
  deleteIndicator:   [204, 204, 403, 403, 403, 401],
  putIndicatorValue: [200, 200, 200, 403, 403, 401], // editors of the case's lead body, or reviewers
  syncIndicators:    [202, 403, 403, 403, 403, 401],
  importIndicators:  [200, 200, 403, 403, 403, 401],
  allIndicators:     [200, 200, 200, 200, 200, 401],
};

/** Where single sign-on users differ, and why: logout also ends the provider's session; they have no password. */
const SSO_EXPECTED: Partial<typeof EXPECTED> = {
  logout: [200, 200, 200, 200, 200, 204],
  changePassword: [400, 400, 400, 400, 400, 401],
};

describe.each(['local', 'sso'] as const)('permission matrix (%s users)', (mode) => {
  let t: TestApp;
  let provider: TestProvider | undefined;
  /** A new user with these roles and a session: a local login, or a login through the OpenID provider. */
  const signIn = (roles: Array<{ role: Role; body?: string }>) => (mode === 'sso' ? ssoAs(t, provider!, roles) : t.as(roles));
  const expected = (name: RouteName) => (mode === 'sso' ? (SSO_EXPECTED[name] ?? EXPECTED[name]) : EXPECTED[name]);
  const who = {} as Record<CallerName, Caller>;
  let n = 0;
  const fresh = () => `M:${++n}`;
  let yearSeq = 2030;

  beforeAll(async () => {
    if (mode === 'sso') provider = await startProvider();
    t = await TestApp.start(provider ? ssoEnv(provider) : {});
    await t.body('KS', 'styrelse');
    await t.body('TN', 'nämnd');
    await t.body('IFN', 'nämnd');
    who.admin = await signIn([{ role: 'admin' }]);
    who.reviewer = await signIn([{ role: 'reviewer' }]);
    who.own = await signIn([{ role: 'editor', body: 'KS' }]);
    who.other = await signIn([{ role: 'editor', body: 'IFN' }]);
    who.reader = await signIn([{ role: 'reader' }]);
    who.anonymous = {};
    await openPeriod(t, who.reviewer, 2026, 'T2');
  });
  afterAll(async () => {
    await t?.stop();
    await provider?.stop();
  });

  /** A report of KS in the open period, brought to the given state. */
  async function report(state: 'draft' | 'submitted' | 'approved', opts: { lead?: string; co?: string[] } = {}) {
    const reference = fresh();
    await createCase(t, who.reviewer, { reference, leadBody: opts.lead ?? 'KS', coBodies: opts.co ?? [] });
    const editor = opts.lead === 'TN' ? await signIn([{ role: 'editor', body: 'TN' }]) : who.own;
    let r = await reportFor(t, who.reviewer, reference, '2026-T2');
    r = (await t.request('PUT', `/api/reports/${r.id}`, { ...editor, body: { status: 'Genomfört', comment: 'Klart.', forecast: 'Genomfört', version: r.version } })).body;
    if (state === 'draft') return r;
    r = (await t.request('POST', `/api/reports/${r.id}/submit`, { ...editor, body: {} })).body;
    if (state === 'submitted') return r;
    return (await t.request('POST', `/api/reports/${r.id}/approve`, { ...who.reviewer, body: {} })).body;
  }

  async function period(published = false) {
    const p = await openPeriod(t, who.reviewer, ++yearSeq, 'T1', { submissionDeadline: `${yearSeq}-05-15T12:00:00+02:00` });
    if (published) await t.request('POST', `/api/periods/${p.id}/publish`, who.reviewer);
    return p;
  }

  /** How to call each endpoint with valid input, on an object in the right state. */
  const calls: Record<RouteName, () => Promise<{ url: string; body?: unknown; headers?: Record<string, string> }>> = {
    login: async () => ({ url: '/api/auth/login', body: { email: 'nobody@example.se', password: 'not-the-password' } }),
    logout: async () => ({ url: '/api/auth/logout' }),
    me: async () => ({ url: '/api/auth/me' }),
    createToken: async () => ({ url: '/api/auth/tokens', body: { name: 'Matris' } }),
    listTokens: async () => ({ url: '/api/auth/tokens' }),
    revokeToken: async () => {
      const created = await t.request('POST', '/api/auth/tokens', { ...who.own, body: { name: 'Att återkalla' } });
      return { url: `/api/auth/tokens/${created.body.id}` };
    },
    changePassword: async () => ({ url: '/api/auth/password', body: { currentPassword: PASSWORD, newPassword: `matrisens nya lösenord ${++n}` } }),
    authConfig: async () => ({ url: '/api/auth/config' }),
    ssoLogin: async () => ({ url: '/api/auth/sso/login' }),
    ssoCallback: async () => ({ url: '/api/auth/sso/callback?code=abc' }),
    health: async () => ({ url: '/api/health' }),
    listBodies: async () => ({ url: '/api/bodies' }),
    createBody: async () => ({ url: '/api/bodies', body: { code: `B${++n}`, name: 'Ny nämnd', kind: 'nämnd' } }),
    patchBody: async () => ({ url: '/api/bodies/TN', body: { email: 'tn@example.se' } }),
    listKinds: async () => ({ url: '/api/kinds' }),
    createKind: async () => ({ url: '/api/kinds', body: { key: `kind_${++n}`, name: `Typ ${n}`, plural: `Typer ${n}`, scale: [{ value: 'Bra', colour: 'green' }, { value: 'Dåligt', colour: 'red' }] } }),
    patchKind: async () => {
      const kinds = (await t.request('GET', '/api/kinds', who.admin)).body as Array<{ key: string; version: number }>;
      return { url: '/api/kinds/focus_area', body: { plural: `Fokusområden ${++n}`, version: kinds.find((k) => k.key === 'focus_area')!.version } };
    },
    listUsers: async () => ({ url: '/api/users' }),
    createUser: async () => ({ url: '/api/users', body: { email: `new${++n}@example.se`, name: 'Ny', roles: [{ role: 'reader' }] } }),
    patchUser: async () => {
      const id = await t.user(`patch${++n}@example.se`, [{ role: 'reader' }]);
      return { url: `/api/users/${id}`, body: { name: 'Nytt namn' } };
    },
    listCases: async () => ({ url: '/api/cases?q=uppdrag' }),
    createCase: async () => ({ url: '/api/cases', body: { reference: fresh(), kind: 'assignment', text: 'Text', leadBody: 'KS' } }),
    getCase: async () => ({ url: `/api/cases/${encodeURIComponent((await report('submitted')).case.reference)}` }),
    patchCase: async () => {
      const r = await report('draft');
      return { url: `/api/cases/${encodeURIComponent(r.case.reference)}`, body: { title: 'Ny titel', version: 1 } };
    },
    closeCase: async () => ({ url: `/api/cases/${encodeURIComponent((await report('draft')).case.reference)}/close`, body: { outcome: 'cancelled', note: 'Inaktuellt' } }),
    caseStatuses: async () => ({ url: `/api/case-statuses?references=${encodeURIComponent((await report('submitted')).case.reference)}` }),
    caseHistory: async () => ({ url: `/api/cases/${encodeURIComponent((await report('draft')).case.reference)}/history` }),
    listPeriods: async () => ({ url: '/api/periods' }),
    createPeriod: async () => ({ url: '/api/periods', body: { year: ++yearSeq, term: 'T2', submissionDeadline: `${yearSeq}-09-15T12:00:00+02:00` } }),
    closePeriod: async () => ({ url: `/api/periods/${(await period()).id}/close` }),
    publishPeriod: async () => ({ url: `/api/periods/${(await period()).id}/publish` }),
    periodReminders: async () => ({ url: `/api/periods/${(await period()).id}/reminders` }),
    listReports: async () => ({ url: '/api/reports?period=2026-T2' }),
    getReport: async () => ({ url: `/api/reports/${(await report('submitted')).id}` }),
    saveReport: async () => {
      const r = await report('draft');
      return { url: `/api/reports/${r.id}`, body: { comment: 'Ändrad', version: r.version } };
    },
    submitReport: async () => ({ url: `/api/reports/${(await report('draft')).id}/submit`, body: {} }),
    returnReport: async () => ({ url: `/api/reports/${(await report('submitted')).id}/return`, body: { comment: 'Komplettera' } }),
    approveReport: async () => ({ url: `/api/reports/${(await report('submitted')).id}/approve`, body: {} }),
    reopenReport: async () => ({ url: `/api/reports/${(await report('approved')).id}/reopen`, body: { comment: 'Ny uppgift' } }),
    reportSubmissions: async () => ({ url: `/api/reports/${(await report('submitted')).id}/submissions` }),
    saveContribution: async () => ({ url: `/api/reports/${(await report('draft', { lead: 'TN', co: ['KS'] })).id}/contributions/KS`, body: { text: 'Bidrag' } }),
    overview: async () => ({ url: '/api/overview?period=2026-T2&groupBy=body' }),
    publicPeriodCases: async () => ({ url: `/api/public/periods/${(await period(true)).id}/cases` }),
    publicPeriods: async () => ({ url: '/api/public/periods' }),
    mailCatcher: async () => ({ url: '/api/admin/mail' }),
    listNotifications: async () => ({ url: '/api/notifications?period=2026-T2' }),
    retryNotification: async () => {
      const [row] = await t.em.getConnection().execute(
        `insert into notification (id, dedupe_key, kind, slot, recipient, subject, body_text, body_html, state, attempts, possible_duplicate, created_at)
         values (gen_random_uuid(), gen_random_uuid()::text, 'reminder', 'x', 'a@example.se', 'S', 'T', 'H', 'failed', 10, false, now()) returning id`,
      );
      return { url: `/api/notifications/${row.id}/retry` };
    },
    updatePreferences: async () => ({ url: '/api/auth/me/preferences', body: { workflowMail: true } }),
    calendarLink: async () => ({ url: '/api/auth/me/calendar' }),
    calendarFeed: async () => {
      const link = await t.request('GET', '/api/auth/me/calendar', who.own);
      return { url: new URL(link.body.url).pathname + new URL(link.body.url).search };
    },
    importCases: async () => ({ url: '/api/imports/cases', ...multipartText('arenden.csv', `Referens;Typ;Uppdragstext;Huvudansvar\r\n${fresh()};KF-uppdrag;Text;KS\r\n`) }),
    importReports: async () => {
      const reference = fresh();
      await createCase(t, who.reviewer, { reference });
      return { url: '/api/imports/reports', ...multipartText('status.csv', `Referens;Period;Nämnd;Status;Motivering/kommentar;Prognos helår\r\n${reference};2026-T2;KS;Genomfört;Klart.;Genomfört\r\n`) };
    },
    importTemplate: async () => ({ url: '/api/imports/template?type=cases&format=xlsx' }),
    exportFollowup: async () => ({ url: '/api/exports/followup?period=2026-T2&format=csv' }),
    listIndicators: async () => ({ url: `/api/cases/${encodeURIComponent((await indicator()).case)}/indicators` }),
    createIndicator: async () => {
      const reference = fresh();
      await createCase(t, who.reviewer, { reference });
      return { url: `/api/cases/${encodeURIComponent(reference)}/indicators`, body: { name: 'Andel förnybar energi', unit: '%', direction: 'higher', target: 50 } };
    },
    patchIndicator: async () => ({ url: `/api/indicators/${(await indicator()).id}`, body: { target: 60, version: 1 } }),
    deleteIndicator: async () => ({ url: `/api/indicators/${(await indicator()).id}` }),
    putIndicatorValue: async () => ({ url: `/api/indicators/${(await indicator()).id}/values/2025`, body: { value: 42, women: 40, men: 44 } }),
    syncIndicators: async () => ({ url: '/api/indicators/sync' }),
    allIndicators: async () => ({ url: '/api/indicators?met=false' }),
    importIndicators: async () => {
      const reference = fresh();
      await createCase(t, who.reviewer, { reference });
      return { url: '/api/imports/indicators', ...multipartText('indikatorer.csv', `Referens;Indikator;Riktning;Målvärde;År;Värde\r\n${reference};Nöjda invånare;Högre är bättre;80;2025;76\r\n`) };
    },
  };

  /** An indicator on a new case of KS. */
  async function indicator(): Promise<{ id: string; case: string }> {
    const reference = fresh();
    await createCase(t, who.reviewer, { reference, leadBody: 'KS' });
    const res = await t.request('POST', `/api/cases/${encodeURIComponent(reference)}/indicators`, { ...who.reviewer, body: { name: 'Nyckeltal', direction: 'higher', target: 10 } });
    if (res.status !== 201) throw new Error(`indicator: ${res.status} ${res.text}`);
    return res.body;
  }

  it('covers every endpoint of the route table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(routes).sort());
    expect(Object.keys(calls).sort()).toEqual(Object.keys(routes).sort());
  });

  it.each(Object.keys(EXPECTED) as RouteName[])('%s answers each caller as the table says', async (name) => {
    const route = routes[name];
    const got: number[] = [];
    for (const caller of CALLERS) {
      // logout ends the session: give it a throwaway one.
      const identity = name === 'logout' && caller !== 'anonymous' ? await signIn([{ role: caller === 'own' || caller === 'other' ? 'editor' : caller, ...(caller === 'own' ? { body: 'KS' } : caller === 'other' ? { body: 'IFN' } : {}) } as never]) : who[caller];
      if (name === 'patchCase') {
        const c = await calls[name]();
        const current = await t.request('GET', c.url, who.reviewer);
        (c.body as { version: number }).version = current.body.version;
        got.push((await t.request(route.method, c.url, { ...identity, body: c.body })).status);
        continue;
      }
      const c = await calls[name]();
      got.push((await t.request(route.method, c.url, { ...identity, body: c.body, headers: c.headers })).status);
    }
    expect(Object.fromEntries(CALLERS.map((c, i) => [c, got[i]]))).toEqual(Object.fromEntries(CALLERS.map((c, i) => [c, expected(name)[i]])));
  });

  it('hides unsubmitted reports from readers', async () => {
    const r = await report('draft');
    expect((await t.request('GET', `/api/reports/${r.id}`, who.reader)).status).toBe(404);
    const list = await t.request('GET', '/api/reports?period=2026-T2&state=draft', who.reader);
    expect(list.body.items.every((x: { state: string }) => ['submitted', 'approved'].includes(x.state))).toBe(true);
  });
});
