import type { Term } from './enums.js';

/** Period and deadline arithmetic. Pure and time zone aware (Europe/Stockholm). */
export const TIME_ZONE = 'Europe/Stockholm';

export function periodId(year: number, term: Term): string {
  return `${year}-${term}`;
}

export function parsePeriodId(id: string): { year: number; term: Term } | null {
  const m = /^(\d{4})-(T[123])$/u.exec(id);
  if (!m) return null;
  return { year: Number(m[1]), term: m[2] as Term };
}

/** Standard end dates: 30 April, 31 August, 31 December. */
export function defaultPeriodEnd(year: number, term: Term): string {
  const md = term === 'T1' ? '04-30' : term === 'T2' ? '08-31' : '12-31';
  return `${year}-${md}`;
}

/**
 * One formatter per kind and zone, made on first use. An `Intl.DateTimeFormat` is dear to create (in
 * Node about 0.2 ms and 28 kB of ICU memory outside the JavaScript heap, freed only when a full GC
 * collects it): made per call, a reminder slot of 1,000 digests made 3,000 of them (issue 18.3).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function cachedDateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Offset in ms of the given zone from UTC at the given instant. */
export function zoneOffsetMs(instant: Date, timeZone = TIME_ZONE): number {
  const parts = cachedDateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant of a local wall-clock time in the zone (for times that exist; DST gaps move forward). */
export function zonedTimeToInstant(date: string, hour: number, minute = 0, timeZone = TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  let instant = guess - zoneOffsetMs(new Date(guess), timeZone);
  // Second pass settles the offset when the first guess straddled a change.
  instant = guess - zoneOffsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/** The local calendar date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(instant: Date, timeZone = TIME_ZONE): string {
  return cachedDateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

export interface ParsedDuration {
  days: number;
  ms: number; // time part (hours, minutes, seconds)
}

const DURATION_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/u;

export function parseDuration(text: string): ParsedDuration | null {
  const m = DURATION_RE.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  const days = Number(w ?? 0) * 7 + Number(d ?? 0);
  const ms = (Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
  if (days === 0 && ms === 0) return null;
  return { days, ms };
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== null;
}

/** The longest reminder or escalation offset a period may have. */
export const MAX_OFFSET_DAYS = 365;

/**
 * A reminder/escalation offset Uppsikt can schedule: a valid ISO 8601 duration, longer than
 * zero and at most a year (anything longer cannot be a reminder and overflows date arithmetic).
 */
export function isSaneOffset(text: string): boolean {
  const d = parseDuration(text);
  return d !== null && d.days * 86_400_000 + d.ms <= MAX_OFFSET_DAYS * 86_400_000;
}

/**
 * When an offset fires. Whole-day offsets (no time part) fire at `reminderHour` local time on
 * the day that lies that many days before (sign -1) or after (sign +1) the deadline's local date;
 * shorter offsets fire at the exact instant.
 */
export function offsetFireTime(deadline: Date, offset: string, sign: -1 | 1, reminderHour: number, timeZone = TIME_ZONE): Date {
  const d = parseDuration(offset);
  if (!d || !isSaneOffset(offset)) throw new Error(`Invalid reminder offset: ${offset}`);
  if (d.ms === 0) {
    const day = addDays(localDate(deadline, timeZone), sign * d.days);
    return zonedTimeToInstant(day, reminderHour, 0, timeZone);
  }
  return new Date(deadline.getTime() + sign * (d.days * 86_400_000 + d.ms));
}

/** A suggested submission deadline: 12:00 local, fifteen days after the period ends. */
export function suggestedSubmissionDeadline(year: number, term: Term): Date {
  const end = defaultPeriodEnd(year, term);
  return zonedTimeToInstant(addDays(end, 15), 12, 0);
}

const SV_MONTHS_SHORT = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const SV_MONTHS_LONG = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "15 sep 2026" */
export function formatDateSv(date: string | Date, long = false): string {
  const iso = typeof date === 'string' ? date.slice(0, 10) : localDate(date);
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${(long ? SV_MONTHS_LONG : SV_MONTHS_SHORT)[m - 1]} ${y}`;
}

/** "15 september" */
export function formatDayMonthSv(date: string | Date): string {
  const iso = typeof date === 'string' ? date.slice(0, 10) : localDate(date);
  const [, m, d] = iso.split('-').map(Number);
  return `${d} ${SV_MONTHS_LONG[m - 1]}`;
}

/** "augusti" – month name of a period end, used in appendix headings. */
export function monthNameSv(date: string): string {
  return SV_MONTHS_LONG[Number(date.slice(5, 7)) - 1];
}

// One collator for every comparison: `localeCompare` with options builds a new one per call,
// which made sorting the 1,500 rows of an appendix take 130 ms instead of 3. Made at the first
// comparison, not when the module loads: every page's first load evaluates this module.
let referenceCollator: Intl.Collator | undefined;

/** Natural order of case references: 2020:2 before 2020:10, 1.2 before 1.10. */
export function compareReferences(a: string, b: string): number {
  return (referenceCollator ??= new Intl.Collator('sv', { numeric: true, sensitivity: 'base' })).compare(a, b);
}

let swedishCollator: Intl.Collator | undefined;

/** Swedish alphabetical order (Å, Ä, Ö after Z), e.g. of body codes. */
export function compareSwedish(a: string, b: string): number {
  return (swedishCollator ??= new Intl.Collator('sv')).compare(a, b);
}
