import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi, BUILT_IN_KINDS, TREND_SCALE } from '@uppsikt/shared';
import { PASSWORD, TestApp, type Caller } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor } from './support/fixtures.js';
import { garbage, validOrNot, type Hints, type Schema } from './support/schema-arbitrary.js';
import { openApiValidator } from './support/openapi-validator.js';
import { multipart } from './support/upload.js';

/** Garbage as cell text. Not String(): fast-check's JSON values include objects whose own `toString` is not a function. */
const cellText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

/**
 * Schema-driven fuzzing (issue 12, item 13): every operation of the OpenAPI document — built from
 * the shared route table, so routes added later are covered without touching this file — is called
 * as admin with inputs generated from its own parameter and body schemas, valid and broken. Every
 * answer must be below 500, declared for the operation, and (JSON) match the declared schema.
 */
interface Operation {
  path: string;
  method: string;
  op: { operationId: string; parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, unknown> }> };
}

const doc = buildOpenApi() as { paths: Record<string, Record<string, Operation['op']>>; components: { schemas: Record<string, Schema> } };
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
/** About a minute in all, shared by the operations. */
const BUDGET_MS = 55_000;
const PER_OPERATION_MS = Math.max(600, Math.floor(BUDGET_MS / operations.length));

const baseType = (type: string) => type.split(';')[0].trim().toLowerCase();

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let admin: Caller;
  let adminEmail: string;
  const byName: Record<string, string[]> = {};
  const paramValues: Record<string, string[]> = {};
  const importHeaders: string[] = [];
  const validate = openApiValidator(doc);

  beforeAll(async () => {
    t = await TestApp.start();
    const people = await municipality(t);
    adminEmail = 'fuzz-admin@example.se';
    await t.user(adminEmail, [{ role: 'admin' }]);
    admin = await t.login(adminEmail);
    await createCase(t, people.reviewer, { reference: '2026:1', leadBody: 'KS', coBodies: ['TN'] });
    await createCase(t, people.reviewer, { reference: '2026:2', kind: 'goal', leadBody: 'TN' });
    await openPeriod(t, people.reviewer, 2025, 'T3', { submissionDeadline: '2026-01-15T12:00:00+01:00' });
    await openPeriod(t, people.reviewer);
    const r = await reportFor(t, people.ks, '2026:1', '2025-T3');
    await t.request('PUT', `/api/reports/${r.id}`, { ...people.ks, body: { status: 'Genomfört', comment: 'Klart.', version: r.version } });
    await t.request('POST', `/api/reports/${r.id}/submit`, { ...people.ks, body: {} });

    // What the app holds, by the names under which operations ask for it.
    const get = async (url: string) => (await t.request('GET', url, admin)).body;
    const items = (body: unknown): Array<Record<string, unknown>> => (Array.isArray(body) ? body : ((body as { items?: [] })?.items ?? []));
    const bodies = items(await get('/api/bodies')).map((b) => String(b.code));
    const periods = items(await get('/api/periods')).map((p) => String(p.id));
    const references = items(await get('/api/cases')).map((c) => String(c.reference));
    const token = new URL(String((await get('/api/auth/me/calendar')).url)).searchParams.get('token')!;
    Object.assign(byName, {
      code: bodies, body: bodies, leadBody: bodies, coBodies: bodies,
      period: periods, id: periods,
      reference: references, case: references, related: references,
      status: [...new Set(BUILT_IN_KINDS.flatMap((k) => k.scale.map((v) => v.value)))],
      forecast: ['Genomfört', 'Helt uppfyllt'], trend: [...TREND_SCALE],
      token: [token],
      email: ['new@example.se', adminEmail],
      password: [PASSWORD],
    });
    // Path parameters: the ids listed by the collection the path is under (GET /api/reports for /api/reports/{id}).
    for (const { path } of operations) {
      for (const m of path.matchAll(/\/([^/{}]+)\/\{(\w+)\}/gu)) {
        const [, segment, name] = m;
        const collection = path.slice(0, path.indexOf(`/${segment}/{`)) + `/${segment}`;
        const key = `${collection}/{${name}}`;
        if (paramValues[key]) continue;
        const listed = doc.paths[collection]?.get ? items(await get(collection)) : [];
        const values = listed.map((i) => i[name] ?? i.id ?? i.code ?? i.reference).filter((v) => v !== undefined).map(String);
        // Never the fuzzing admin itself: deactivating it would end the run.
        paramValues[key] = values.filter((v) => !listed.some((i) => i.email === adminEmail && String(i.id) === v));
        if (!paramValues[key].length) paramValues[key] = byName[name] ?? [];
      }
    }
    for (const type of ['cases', 'reports']) {
      const template = await t.app.inject({ method: 'GET', url: `/api/imports/template?type=${type}&format=csv`, headers: { cookie: admin.cookie! } });
      importHeaders.push(template.body.replace(/^\uFEFF/u, '').split(/\r?\n/u)[0]);
    }
  });
  afterAll(() => t?.stop());

  const hints = (): Hints => ({ byName, resolve: (ref) => doc.components.schemas[ref.replace('#/components/schemas/', '')] });

  function pathArbitrary(o: Operation): fc.Arbitrary<string> {
    const parts = o.path.split(/(\{\w+\})/u);
    return fc.tuple(
      ...parts.map((part, i) => {
        const name = /^\{(\w+)\}$/u.exec(part)?.[1];
        if (!name) return fc.constant(part);
        const known = paramValues[`${parts.slice(0, i).join('').replace(/\/$/u, '')}/{${name}}`] ?? byName[name] ?? [];
        return fc
          .oneof(
            { arbitrary: known.length ? fc.constantFrom(...known) : fc.string({ minLength: 1, maxLength: 12 }), weight: 5 },
            { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
            { arbitrary: fc.constantFrom('', '\u0000', '..', '%', '00000000-0000-7000-8000-000000000000'), weight: 1 },
          )
          .map((v) => encodeURIComponent(v));
      }),
    ).map((segments) => segments.join(''));
  }

  function queryArbitrary(o: Operation): fc.Arbitrary<string> {
    const params = (o.op.parameters ?? []).filter((p) => p.in === 'query');
    if (!params.length) return fc.constant('');
    const schema = { type: 'object', properties: Object.fromEntries(params.map((p) => [p.name, p.schema])), required: params.filter((p) => p.required).map((p) => p.name) };
    return validOrNot(schema, hints()).map((q) => {
      if (!q || typeof q !== 'object' || Array.isArray(q)) return `?q=${encodeURIComponent(String(JSON.stringify(q)))}`;
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) search.append(k, typeof v === 'string' ? v : JSON.stringify(v));
      const s = search.toString();
      return s ? `?${s}` : '';
    });
  }

  type Payload = { payload?: string | Buffer; contentType?: string };
  function bodyArbitrary(o: Operation): fc.Arbitrary<Payload> {
    const content = o.op.requestBody?.content ?? {};
    if (content['application/json']) {
      const json = validOrNot(content['application/json'].schema, hints()).map((v): Payload => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
      const broken = fc.constantFrom<Payload>({ payload: '{', contentType: 'application/json' }, { payload: 'x', contentType: 'text/plain' }, { payload: 'a=1', contentType: 'application/x-www-form-urlencoded' }, {});
      return fc.oneof({ arbitrary: json, weight: 8 }, { arbitrary: broken, weight: 1 });
    }
    if (content['multipart/form-data']) {
      const cell = fc.oneof(fc.constantFrom(...Object.values(byName).flat(), 'Uppdrag', 'Mål', '2026-02-30', '=1+1'), fc.string({ maxLength: 12 }), garbage.map(cellText));
      const table = fc.tuple(fc.constantFrom(...importHeaders), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 4 })).map(([head, rows]) => [head, ...rows.map((r) => r.join(';'))].join('\n'));
      const file = fc.oneof({ arbitrary: table.map((s) => Buffer.from(s, 'utf8')), weight: 4 }, { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), weight: 1 });
      return fc.tuple(file, fc.constantFrom('import.csv', 'import.xlsx', 'import.txt', ''), fc.boolean(), fc.constantFrom('file', 'other')).map(([bytes, name, cut, field]): Payload => {
        const m = multipart(name, bytes, field);
        return { payload: cut ? m.payload.subarray(0, Math.floor(m.payload.length / 2)) : m.payload, contentType: m.contentType };
      });
    }
    // No body declared: nothing, or something the API must still refuse cleanly.
    return o.method === 'GET' ? fc.constant({}) : fc.oneof({ arbitrary: fc.constant<Payload>({}), weight: 3 }, { arbitrary: fc.jsonValue().map((v): Payload => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })), weight: 1 });
  }

  let loggedIn = true;
  async function call(o: Operation, url: string, body: Payload) {
    if (!loggedIn) {
      admin = await t.login(adminEmail);
      loggedIn = true;
    }
    const headers: Record<string, string> = { cookie: admin.cookie! };
    if (body.contentType) headers['content-type'] = body.contentType;
    const res = await t.app.inject({ method: o.method as 'GET', url, headers, payload: body.payload });
    if (res.statusCode === 401 || (o.op.operationId === 'logout' && res.statusCode < 300)) loggedIn = false;
    return res;
  }

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))('%s', async (_name, o) => {
    const request = fc.record({ path: pathArbitrary(o), query: queryArbitrary(o), body: bodyArbitrary(o) });
    const property = fc.asyncProperty(request, async ({ path, query, body }) => {
      const res = await call(o, `${path}${query}`, body);
      const what = `${o.method} ${path}${query} ${String(body.payload ?? '').slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 500)}`;
      expect(res.statusCode, what).toBeLessThan(500);
      const declared = o.op.responses[String(res.statusCode)];
      expect(declared, `undeclared status: ${what}`).toBeDefined();
      const type = baseType(String(res.headers['content-type'] ?? ''));
      if (!declared.content) {
        expect(res.body, what).toBe('');
        return;
      }
      const types = Object.keys(declared.content).map(baseType);
      expect(types, what).toContain(type);
      if (type === 'application/json') {
        const errors = validate(o.path, o.method, res.statusCode, JSON.parse(res.body));
        expect(errors, what).toEqual([]);
      }
    });
    const timed = await fc.check(property, { numRuns: 60, interruptAfterTimeLimit: PER_OPERATION_MS, markInterruptAsFailure: false, endOnFailure: true });
    // On a loaded machine the time share can pass before the first run: then a few runs without it.
    if (timed.interrupted && timed.numRuns === 0) await fc.assert(property, { numRuns: 5, endOnFailure: true });
    else if (timed.failed) throw new Error((await fc.asyncDefaultReportMessage(timed)) ?? 'property failed');
  }, PER_OPERATION_MS + 60_000);
});
