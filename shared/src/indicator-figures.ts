/**
 * The indicators' plain values and formatting, kept apart from their zod schemas (indicators.ts):
 * the web app imports these, and a module that holds schemas would bring zod into its chunk.
 */

export const INDICATOR_DIRECTIONS = ['higher', 'lower'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];
export const INDICATOR_DIRECTION_LABELS: Record<IndicatorDirection, string> = { higher: 'Högre är bättre', lower: 'Lägre är bättre' };

/** Kolada's gender split: T total, K women (kvinnor), M men (män). */
export const KOLADA_GENDERS = ['T', 'K', 'M'] as const;
export type KoladaGender = (typeof KOLADA_GENDERS)[number];

export const INDICATOR_SOURCES = ['manual', 'Kolada'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export const SYNC_STATES = ['never', 'ok', 'failing'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** Years an indicator value may be for. */
export const MIN_INDICATOR_YEAR = 1900;
export const MAX_INDICATOR_YEAR = 2200;
/** Largest magnitude of a figure: far beyond any municipal key figure, well inside a double's exact range. */
export const MAX_INDICATOR_MAGNITUDE = 1e12;

/** A finite number (JSON has no NaN or Infinity; zod refuses them too) of sane magnitude. */

/** `met` as API.md defines it: the latest value against the target, in the indicator's direction. */
export function indicatorMet(direction: IndicatorDirection, target: number | null, latest: number | null | undefined): boolean | null {
  if (target === null || latest === null || latest === undefined) return null;
  return direction === 'higher' ? latest >= target : latest <= target;
}

const NUMBER = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });

/** A figure as Swedish text, with its unit: "2 000 st", "1,5 procent". */
export function formatFigure(value: number, unit: string | null): string {
  const n = NUMBER.format(value).replace(/\u2212/gu, '-');
  return unit ? `${n} ${unit}` : n;
}

/**
 * An indicator in the appendix and beside the status: "Målvärde 2 000 st (2028) · Utfall 1 800 st (2024)";
 * without a value "Utfall saknas"; without a target only the outcome.
 */
export function indicatorLine(i: { unit: string | null; target: number | null; targetYear: number | null; latest: { year: number; value: number } | null }): string {
  const parts: string[] = [];
  if (i.target !== null) parts.push(`Målvärde ${formatFigure(i.target, i.unit)}${i.targetYear ? ` (${i.targetYear})` : ''}`);
  parts.push(i.latest ? `Utfall ${formatFigure(i.latest.value, i.unit)} (${i.latest.year})` : 'Utfall saknas');
  return parts.join(' · ');
}
