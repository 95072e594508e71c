import { z } from 'zod';
import { routes, type RouteDef } from './routes.js';
import { ErrorResponse } from './schemas.js';

const PARAM = /:([A-Za-z]+)/gu;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every status code a route can answer: its success code, the codes its shape implies (validation,
 * access, path parameters, request bodies) and the route's own `errors`. The fuzz test
 * (backend/test/openapi-fuzz.test.ts) holds the API to this list.
 */
export function declaredStatuses(r: RouteDef): number[] {
  const codes = new Set<number>([r.status ?? 200, ...(r.errors ?? [])]);
  const hasParams = r.path.includes(':');
  const write = WRITES.has(r.method);
  // 400: schema validation, U+0000 in any declared input, a JSON body that does not parse.
  if (r.body || r.query || r.upload || hasParams || write) codes.add(400);
  if (r.access !== 'public') codes.add(401);
  // 403: role checks, and writes from a foreign Origin with a session cookie.
  if (Array.isArray(r.access) || write) codes.add(403);
  if (hasParams) codes.add(404);
  if (write && hasParams) codes.add(409);
  // 413: a body over the limit; 415: a content type the API does not parse.
  if (write) {
    codes.add(413);
    codes.add(415);
  }
  if (r.upload) codes.add(422);
  return [...codes].sort((a, b) => a - b);
}

/** Builds the OpenAPI 3.1 document from the route table; served by the API and committed as shared/openapi.json. */
export function buildOpenApi(extra: Record<string, RouteDef> = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const all: Record<string, RouteDef> = { ...routes, ...extra };
  for (const [name, r] of Object.entries(all).sort(([a], [b]) => a.localeCompare(b))) {
    const oaPath = r.path.replace(PARAM, '{$1}');
    const params = [...r.path.matchAll(PARAM)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', minLength: 1 } }));
    const queryParams = r.query ? queryParameters(r.query) : [];
    const op: Record<string, unknown> = {
      operationId: name,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      parameters: [...params, ...queryParams],
      responses: responses(r),
    };
    op.security = r.access === 'public' ? [] : [{ cookie: [] }, { bearer: [] }];
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } };
    if (r.upload) {
      op.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } }, required: ['file'] } } },
      };
    }
    (paths[oaPath] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Uppsikt API', version: '1.0.0', description: 'Uppföljning av kommunfullmäktiges uppdrag och mål.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'uppsikt_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: toSchema(ErrorResponse, 'output') },
    },
    paths,
  };
}

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1 (so `type: [..., 'null']`, never `nullable`). */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function queryParameters(schema: z.ZodType): unknown[] {
  const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, sch]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) && (sch as { default?: unknown }).default === undefined ? true : false,
    schema: sch,
  }));
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input (details name the fields)',
  401: 'Not logged in, or the session or API token is no longer valid',
  403: 'Not allowed for this user',
  404: 'Not found',
  409: 'Conflict: changed by someone else meanwhile (version), or it already exists',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Rejected: nothing was written',
  429: 'Too many attempts; try again later',
  503: 'Unavailable',
};

function responses(r: RouteDef): Record<string, unknown> {
  const ok = r.status ?? 200;
  const res: Record<string, unknown> = {};
  const err = { $ref: '#/components/schemas/Error' };
  for (const code of declaredStatuses(r)) {
    if (code === ok) {
      if (code === 204) res[code] = { description: 'No content' };
      else if (code === 302) res[code] = { description: 'Redirect', headers: { location: { schema: { type: 'string' } } } };
      else if (r.produces) res[code] = { description: 'OK', content: Object.fromEntries([r.produces].flat().map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) };
      else if (r.response) res[code] = { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } };
      else res[code] = { description: 'OK' };
      continue;
    }
    const own = r.errorBodies?.[code];
    res[code] = { description: STATUS_TEXT[code] ?? 'Error', content: { 'application/json': { schema: own ? toSchema(own, 'output') : err } } };
  }
  if (r.also) res[r.also.status] = { description: r.also.description, content: { 'application/json': { schema: toSchema(r.also.response, 'output') } } };
  return res;
}
