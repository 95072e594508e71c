import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp, type Caller } from './support/app.js';
import { createCase, municipality, openPeriod } from './support/fixtures.js';
import { multipart } from './support/upload.js';

/** Issue 12, items 3–5: input PostgreSQL or the multipart parser cannot take is a clear 400, never a 500. */
describe('bad input is a 400 naming the field', () => {
  let t: TestApp;
  let admin: Caller;
  let reviewer: Caller;

  beforeAll(async () => {
    t = await TestApp.start();
    ({ admin, reviewer } = await municipality(t));
    await createCase(t, reviewer, { reference: '2026:1' });
    await openPeriod(t, reviewer);
  });
  afterAll(() => t?.stop());

  const paths = (res: { body: { details?: Array<{ path: string }> } }) => res.body.details?.map((d) => d.path);

  describe('U+0000 (item 3)', () => {
    it('in a JSON string, without login: POST /api/auth/login', async () => {
      const res = await t.request('POST', '/api/auth/login', { body: { email: 'a\u0000b@x.se', password: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
      expect(paths(res)).toEqual(['email']);
    });

    it('deep in a JSON body, and in an object key', async () => {
      const res = await t.request('POST', '/api/users', { ...admin, body: { email: 'n@x.se', name: 'N', roles: [{ role: 'editor', body: 'K\u0000S' }] } });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['roles.0.body']);
      const key = await t.request('PATCH', '/api/bodies/KS', { ...admin, body: { 'na\u0000me': 'x' } });
      expect(key.status).toBe(400);
      expect(paths(key)).toEqual(['na\u0000me']);
    });

    it('a lone surrogate in a JSON string (no UTF-8 form): POST /api/auth/tokens', async () => {
      // JSON.stringify escapes a lone surrogate as \\ud800, which JSON.parse turns back into one.
      const res = await t.request('POST', '/api/auth/tokens', { ...admin, body: { name: 'x\ud800' } });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['name']);
      const pair = await t.request('POST', '/api/auth/tokens', { ...admin, body: { name: 'nyckel 🔑' } });
      expect(pair.status).toBe(201);
    });

    it('in a query parameter', async () => {
      for (const url of ['/api/reports?period=%00', '/api/cases?q=a%00b', '/api/cases?status=%00', '/api/notifications?to=%00', '/api/exports/followup?period=2026-T2%00']) {
        const res = await t.request('GET', url, admin);
        expect(res.status, url).toBe(400);
        expect(paths(res)?.length, url).toBe(1);
      }
      expect(paths(await t.request('GET', '/api/reports?period=%00', admin))).toEqual(['period']);
    });

    it('in a path parameter, also without login', async () => {
      const pub = await t.request('GET', '/api/public/periods/x%00y/cases');
      expect(pub.status).toBe(400);
      expect(paths(pub)).toEqual(['id']);
      const patch = await t.request('PATCH', '/api/bodies/%00', { ...admin, body: { name: 'x' } });
      expect(patch.status).toBe(400);
      expect(paths(patch)).toEqual(['code']);
      for (const url of ['/api/cases/2026%3A1%00', '/api/cases/%00/history', '/api/reports/%00', '/api/users/%00']) {
        const res = await t.request(url.startsWith('/api/users') ? 'PATCH' : 'GET', url, { ...admin, body: url.startsWith('/api/users') ? { name: 'x' } : undefined });
        expect(res.status, url).toBe(400);
      }
    });

    it('in the calendar token (no login)', async () => {
      const res = await t.request('GET', '/api/calendar.ics?token=abcdefghij%00klm');
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['token']);
    });

    it('still asks for login first where login is needed', async () => {
      expect((await t.request('GET', '/api/reports?period=%00')).status).toBe(401);
    });
  });

  describe('impossible dates (item 4)', () => {
    it.each([
      ['decidedOn', '2026-02-30'],
      ['decidedOn', '0000-01-01'],
      ['dueOn', '2027-02-29'],
      ['dueOn', '2027-04-31'],
    ])('case %s %s', async (field, value) => {
      const created = await t.request('POST', '/api/cases', { ...reviewer, body: { reference: `2026:${field}${value}`, kind: 'assignment', text: 'x', leadBody: 'KS', [field]: value } });
      expect(created.status).toBe(400);
      expect(paths(created)).toEqual([field]);
      const patched = await t.request('PATCH', '/api/cases/2026%3A1', { ...reviewer, body: { version: 1, [field]: value } });
      expect(patched.status).toBe(400);
      expect(paths(patched)).toEqual([field]);
    });

    it.each([
      ['periodEnd', '2027-04-31'],
      ['periodEnd', '0000-01-01'],
      ['submissionDeadline', '2027-02-29T12:00:00+01:00'],
      ['submissionDeadline', '0000-01-01T00:00:00Z'],
      ['reviewDeadline', '2026-02-30T12:00:00Z'],
    ])('period %s %s', async (field, value) => {
      const res = await t.request('POST', '/api/periods', { ...reviewer, body: { year: 2027, term: 'T1', submissionDeadline: '2027-05-15T12:00:00+02:00', [field]: value } });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual([field]);
    });

    it('a period filter that is no period id (a fourth tertial, a date) is a 400 naming it; a period that does not exist filters to nothing', async () => {
      for (const url of ['/api/reports?period=2026-T9', '/api/reports?period=2026-t2', '/api/reports?period=2026-04-30', '/api/notifications?period=T2', '/api/overview?period=2026-T4']) {
        const res = await t.request('GET', url, admin);
        expect(res.status, url).toBe(400);
        expect(paths(res), url).toEqual(['period']);
        expect(res.body.details[0].message, url).toBe('Perioden skrivs som 2020-T2');
      }
      const none = await t.request('GET', '/api/reports?period=2031-T1', admin);
      expect(none.status).toBe(200);
      expect(none.body).toMatchObject({ items: [], total: 0 });
    });

    it('still accepts a leap day', async () => {
      const res = await t.request('POST', '/api/cases', { ...reviewer, body: { reference: '2028:1', kind: 'assignment', text: 'x', leadBody: 'KS', decidedOn: '2028-02-29' } });
      expect(res.status).toBe(201);
      expect(res.body.decidedOn).toBe('2028-02-29');
    });
  });

  describe('broken multipart (item 5)', () => {
    const send = (payload: Buffer | string, contentType: string) =>
      t.app.inject({ method: 'POST', url: '/api/imports/cases', headers: { 'content-type': contentType, cookie: reviewer.cookie! }, payload });

    it('a body cut before the closing boundary', async () => {
      const { payload, contentType } = multipart('uppdrag.csv', 'Referens;Typ\n2026:9;Uppdrag\n');
      const cut = payload.subarray(0, payload.length - 30);
      const res = await send(cut, contentType);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, message: expect.any(String) });
    });

    it('a body cut inside the part headers', async () => {
      const { payload, contentType } = multipart('uppdrag.csv', 'Referens;Typ\n');
      const res = await send(payload.subarray(0, 40), contentType);
      expect(res.statusCode).toBe(400);
    });

    it('multipart/form-data without a boundary', async () => {
      const { payload } = multipart('uppdrag.csv', 'Referens;Typ\n');
      const res = await send(payload, 'multipart/form-data');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, message: expect.any(String) });
    });

    it('a boundary that the body does not use', async () => {
      const { payload } = multipart('uppdrag.csv', 'Referens;Typ\n');
      const res = await send(payload, 'multipart/form-data; boundary=nothere');
      expect(res.statusCode).toBe(400);
    });
  });
});
