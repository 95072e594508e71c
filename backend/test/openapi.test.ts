import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi, ErrorResponse, MEDIA_TYPES } from '@uppsikt/shared';
import { TestApp, type Caller } from './support/app.js';
import { municipality } from './support/fixtures.js';
import { openApiValidator } from './support/openapi-validator.js';
import { upload } from './support/upload.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

/** Issue 12, item 13: the served OpenAPI document is valid 3.1 and says what the API answers. */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  let reviewer: Caller;

  beforeAll(async () => {
    t = await TestApp.start();
    ({ reviewer } = await municipality(t));
    const served = await t.request('GET', '/api/openapi.json');
    expect(served.status).toBe(200);
    doc = served.body;
  });
  afterAll(() => t?.stop());

  const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).map(Number);

  it('is valid OpenAPI 3.1 by a maintained validator, and is the one built from the route table', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc).toEqual(buildOpenApi());
  });

  it('uses JSON Schema 2020-12 for nullable values, not the 3.0 keyword `nullable`', () => {
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
    const body = (doc.paths['/api/bodies'].get.responses['200'].content!['application/json'] as { schema: { items: { properties: { email: unknown } } } }).schema;
    expect(body.items.properties.email).toEqual({ type: ['string', 'null'] });
  });

  it('declares the statuses the API answers', () => {
    expect(statuses('/api/auth/login', 'post')).toEqual(expect.arrayContaining([200, 400, 401, 429]));
    expect(statuses('/api/bodies', 'post')).toEqual(expect.arrayContaining([201, 400, 401, 403, 409]));
    expect(statuses('/api/bodies/{code}', 'patch')).toEqual(expect.arrayContaining([200, 400, 401, 403, 404, 409]));
    expect(statuses('/api/users', 'post')).toEqual(expect.arrayContaining([201, 409]));
    expect(statuses('/api/users/{id}', 'patch')).toEqual(expect.arrayContaining([200, 404, 409]));
    expect(statuses('/api/exports/followup', 'get')).toEqual(expect.arrayContaining([200, 400, 401, 403, 404]));
    expect(statuses('/api/calendar.ics', 'get')).toEqual(expect.arrayContaining([200, 400, 404]));
    expect(statuses('/api/imports/cases', 'post')).toEqual(expect.arrayContaining([200, 400, 401, 403, 413, 422]));
    expect(statuses('/api/health', 'get')).toEqual(expect.arrayContaining([200, 503]));
    // Public reads do not answer 401/403.
    expect(statuses('/api/public/periods', 'get')).not.toContain(401);
  });

  it('declares the real content types of files', () => {
    const types = (path: string) => Object.keys(doc.paths[path].get.responses['200'].content!);
    expect(types('/api/exports/followup')).toEqual([MEDIA_TYPES.docx, MEDIA_TYPES.xlsx, MEDIA_TYPES.csv, MEDIA_TYPES.pdf]);
    expect(types('/api/imports/template')).toEqual([MEDIA_TYPES.xlsx, MEDIA_TYPES.csv]);
    expect(types('/api/calendar.ics')).toEqual([MEDIA_TYPES.ics]);
    const responseTypes = Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => Object.values(op.responses).flatMap((r) => Object.keys(r.content ?? {}))));
    expect(responseTypes).not.toContain('application/octet-stream');
  });

  it('describes the 422 body of a rejected import exactly', async () => {
    const res = await upload(t, '/api/imports/cases', reviewer, 'uppdrag.csv', 'Referens;Typ;Uppdrag;Ansvarig\n2026:1;Okänd typ;Text;KS\n');
    expect(res.status).toBe(422);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(openApiValidator(doc)('/api/imports/cases', 'POST', 422, res.body)).toEqual([]);
  });

  it('answers unknown paths and empty path segments in the error shape, not Nest\'s default', async () => {
    for (const [method, url] of [['GET', '/api/cases/'], ['POST', '/api/reports//submit'], ['GET', '/api/nothing-here'], ['PATCH', '/api/bodies/']] as const) {
      const res = await t.request(method, url, { ...reviewer, body: method === 'GET' ? undefined : {} });
      expect(res.status, url).toBe(404);
      expect(ErrorResponse.strict().parse(res.body), url).toEqual(res.body);
      expect(res.body.message, url).not.toMatch(/^Cannot /);
    }
  });
});
