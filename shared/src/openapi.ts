import { z } from 'zod';
import { routes, type RouteDef } from './routes.js';
import { ErrorResponse } from './schemas.js';

/** Builds the OpenAPI 3.1 document from the route table; served by the API and committed as shared/openapi.json. */
export function buildOpenApi(extra: Record<string, RouteDef> = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const all: Record<string, RouteDef> = { ...routes, ...extra };
  for (const [name, r] of Object.entries(all).sort(([a], [b]) => a.localeCompare(b))) {
    const oaPath = r.path.replace(/:([A-Za-z]+)/gu, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/gu)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = r.query ? queryParameters(r.query) : [];
    const op: Record<string, unknown> = {
      operationId: name,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      parameters: [...params, ...queryParams],
      responses: responses(r),
    };
    if (r.access !== 'public') op.security = [{ cookie: [] }, { bearer: [] }];
    else op.security = [];
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } };
    if (r.upload) {
      op.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } },
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

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function queryParameters(schema: z.ZodType): unknown[] {
  const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, sch]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) && !(sch as { default?: unknown }).default ? true : false,
    schema: sch,
  }));
}

function responses(r: RouteDef): Record<string, unknown> {
  const ok = String(r.status ?? 200);
  const res: Record<string, unknown> = {};
  if (r.status === 204) res[ok] = { description: 'No content' };
  else if (r.status === 302) res[ok] = { description: 'Redirect', headers: { location: { schema: { type: 'string' } } } };
  else if (r.produces) res[ok] = { description: 'OK', content: { [r.produces]: { schema: { type: 'string', format: 'binary' } } } };
  else res[ok] = { description: 'OK', content: r.response ? { 'application/json': { schema: toSchema(r.response, 'output') } } : undefined };
  if (r.also) res[String(r.also.status)] = { description: r.also.description, content: { 'application/json': { schema: toSchema(r.also.response, 'output') } } };
  const err = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  if (r.body || r.query || r.upload) res['400'] = err;
  if (r.access !== 'public') res['401'] = err;
  if (Array.isArray(r.access)) res['403'] = err;
  if (r.path.includes(':')) res['404'] = err;
  if (['PUT', 'PATCH', 'POST'].includes(r.method) && r.path.includes(':')) res['409'] = err;
  if (r.upload) {
    res['413'] = err;
    if (r.response) res['422'] = { description: 'Rejected: nothing was written', content: { 'application/json': { schema: toSchema(r.response, 'output') } } };
  }
  return res;
}
