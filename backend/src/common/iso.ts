/** An instant as ISO 8601 text for API responses, or null (raw SQL rows may hold strings or Dates). */
export function isoOrNull(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}
