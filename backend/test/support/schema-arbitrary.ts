import fc from 'fast-check';

/** A JSON Schema (2020-12, as the OpenAPI document holds them). */
export type Schema = Record<string, any>;

export interface Hints {
  /** Values the running app knows, by property or parameter name (period ids, body codes, …): valid calls get through. */
  byName: Record<string, readonly string[]>;
  resolve: (ref: string) => Schema;
}

const NUL = 'a\u0000b';
const MIN_DATE = new Date('1850-01-01T00:00:00Z');
const MAX_DATE = new Date('2250-01-01T00:00:00Z');

/**
 * Arbitraries for a JSON Schema: mostly values the schema accepts, built from its types, enums,
 * formats, patterns and bounds, with the app's known values mixed into strings of the same name.
 * Constraints a schema cannot express (zod refinements) make some of them invalid, as intended.
 */
export function valid(schema: Schema, h: Hints, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valid(h.resolve(schema.$ref), h, name, depth);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Schema) => valid(s, h, name, depth)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = [schema.type ?? 'any'].flat() as string[];
  if (types.length > 1) return fc.oneof(...types.map((type) => valid({ ...schema, type }, h, name, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = Math.max(schema.minimum ?? -1000, -1e6);
      const max = Math.min(schema.maximum ?? 1e6, 1e6);
      return types[0] === 'integer' ? fc.integer({ min, max: Math.max(min, max) }) : fc.double({ min, max: Math.max(min, max), noNaN: true });
    }
    case 'string':
      return text(schema, h, name);
    case 'array':
      return fc.array(valid(schema.items ?? {}, h, name, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)) });
    case 'object': {
      const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      if (!props.length || depth > 4) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      return fc.record(Object.fromEntries(props.map(([k, s]) => [k, valid(s, h, k, depth + 1)])), { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function text(schema: Schema, h: Hints, name: string): fc.Arbitrary<string> {
  let base: fc.Arbitrary<string>;
  if (schema.format === 'date') base = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (schema.format === 'date-time') base = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }).map((d) => d.toISOString());
  else if (schema.format === 'email') base = fc.emailAddress();
  else base = patterned(schema) ?? fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 40, 40)) });
  const known = h.byName[name];
  return known?.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: base, weight: 1 }) : base;
}

function patterned(schema: Schema): fc.Arbitrary<string> | null {
  if (!schema.pattern) return null;
  try {
    return fc.stringMatching(new RegExp(schema.pattern as string, 'u'), { size: 'xsmall' });
  } catch {
    return null; // a pattern fast-check cannot generate from (e.g. \p{…}): plain strings
  }
}

/** Values of the wrong kind: other JSON types, U+0000, huge numbers, broken dates. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(NUL, '', ' ', -1, 0, 1e308, 2 ** 53, '2026-02-30', '0000-01-01', 'P99999999999D', '../', '%00', '\uFFFF', '\uD800'),
  fc.string({ maxLength: 300 }),
);

/** A valid value, or one with something wrong in it: a property replaced by garbage, an unknown property, or garbage. */
export function validOrNot(schema: Schema, h: Hints): fc.Arbitrary<unknown> {
  const ok = valid(schema, h);
  const broken = fc.tuple(ok, fc.constantFrom(...Object.keys(schema.properties ?? { x: 0 }), 'unknownField'), garbage).map(([value, key, bad]) =>
    value && typeof value === 'object' && !Array.isArray(value) ? { ...value, [key]: bad } : bad,
  );
  return fc.oneof({ arbitrary: ok, weight: 3 }, { arbitrary: broken, weight: 2 }, { arbitrary: garbage, weight: 1 });
}
