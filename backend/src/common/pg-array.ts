/**
 * A PostgreSQL array literal for a bound parameter (`?::text[]`). MikroORM expands JS arrays
 * in raw queries into value lists, so arrays are passed as one literal instead.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/gu, (m) => `\\${m}`)}"`).join(',')}}`;
}
