import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import * as formats from 'ajv-formats';

// ajv-formats is CommonJS: under Node's ESM loader its function is `default.default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((formats.default as unknown as { default?: AddFormats }).default ?? formats.default) as unknown as AddFormats;

/** The pointer of a response body's schema in the OpenAPI document, as a URI fragment. */
function pointer(...segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s.replace(/~/gu, '~0').replace(/\//gu, '~1'))).join('/');
}

/**
 * Validates response bodies against the schemas the OpenAPI document declares for them (JSON
 * Schema 2020-12, `$ref`s into components resolved in the document). Returns the errors, [] when valid.
 */
export function openApiValidator(doc: object): (path: string, method: string, status: number, body: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');
  const compiled = new Map<string, ValidateFunction>();
  return (path, method, status, body) => {
    const ref = `openapi#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.getSchema(ref);
      if (!fn) return [`no JSON schema declared at ${ref}`];
      compiled.set(ref, fn);
    }
    return fn(body) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}
