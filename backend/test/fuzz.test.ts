import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@uppsikt/shared';
import { TestApp, type Caller } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor } from './support/fixtures.js';

/** Random and malformed input at every write endpoint: never a 500, never a stack trace. */
describe('fuzzing write endpoints', () => {
  let t: TestApp;
  let admin: Caller;
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    const p = await municipality(t);
    admin = p.admin;
    await createCase(t, p.reviewer, { reference: '2026:1', leadBody: 'KS', coBodies: ['TN'] });
    await openPeriod(t, p.reviewer);
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    params.id = r.id;
    params.reference = encodeURIComponent('2026:1');
    params.code = 'TN';
    params.body = 'TN';
  });
  afterAll(() => t?.stop());

  const writes = Object.entries(routes).filter(([, r]) => r.method !== 'GET');

  const jsonish = fc.oneof(
    fc.jsonValue(),
    fc.object({ maxDepth: 2 }),
    fc.record({
      version: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()),
      status: fc.oneof(fc.string(), fc.constantFrom('Genomfört', 'Helt uppfyllt', '', ' ')),
      comment: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)),
      forecast: fc.oneof(fc.string(), fc.constant(null)),
      reference: fc.string(),
      year: fc.oneof(fc.integer(), fc.string()),
      term: fc.string(),
      submissionDeadline: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      email: fc.string(),
      roles: fc.array(fc.record({ role: fc.string(), body: fc.string() })),
      kind: fc.constantFrom('assignment', 'goal', 'nämnd', 'x'),
      leadBody: fc.string(),
      coBodies: fc.array(fc.string()),
      text: fc.string(),
      outcome: fc.string(),
    }, { requiredKeys: [] }),
  );
  const rawBody = fc.oneof(
    jsonish.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('{', '[]', 'null', '"x"', '{"version": 1e999}', '{"__proto__": {"admin": true}}', '\u0000', '{"a":'.repeat(50)),
  );

  it.each(writes.map(([name, r]) => [name, r] as const))('%s never answers 500', async (_name, route) => {
    const url = route.path.replace(/:([A-Za-z]+)/gu, (_, k: string) => params[k] ?? 'x');
    await fc.assert(
      fc.asyncProperty(rawBody, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, type) => {
        const res = await t.request(route.method, url, { ...admin, body, headers: { 'content-type': type } });
        expect(res.status, `${route.method} ${url} ${body} → ${res.text}`).toBeLessThan(500);
        expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
        if (res.status >= 400) expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String) });
      }),
      { numRuns: 40 },
    );
  });

  it('random path parameters never answer 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), async (s) => {
        const id = encodeURIComponent(s);
        for (const url of [`/api/cases/${id}`, `/api/reports/${id}`, `/api/cases/${id}/history`, `/api/public/periods/${id}/cases`]) {
          expect((await t.request('GET', url, admin)).status).toBeLessThan(500);
        }
      }),
      { numRuns: 40 },
    );
  });
});
