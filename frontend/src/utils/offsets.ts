import { MAX_OFFSET_DAYS, parseDuration } from '@uppsikt/shared';

/**
 * "14, 7, 1" → ["P14D", "P7D", "P1D"]: whole days as the API's ISO 8601 durations, in the order
 * typed, each once. null when a value is not a whole number of days from 1 to MAX_OFFSET_DAYS.
 */
export function daysToOffsets(text: string): string[] | null {
  const parts = text
    .split(/[,;\s]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/u.test(p) || Number(p) < 1 || Number(p) > MAX_OFFSET_DAYS)) return null;
  return [...new Set(parts.map(Number))].map((n) => `P${n}D`);
}

/** ["P14D", "P7D"] → ["14", "7"]; an offset with a time part (PT12H, set through the API) stays as it is. */
export function offsetsToDays(offsets: string[]): string[] {
  return offsets.map((o) => {
    const d = parseDuration(o);
    return d && d.ms === 0 ? String(d.days) : o;
  });
}
