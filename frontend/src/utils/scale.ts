import { SCALE_COLOURS_HEX, scaleValues, statusColour, type Kind, type ScaleColour } from '@uppsikt/shared';

/** Position on the kind's scale, 0 = best; -1 when not on it. */
export function scaleIndex(kind: Kind, value: string | null | undefined): number {
  return value ? scaleValues(kind).indexOf(value) : -1;
}

export type Movement = 'better' | 'same' | 'worse' | 'new' | 'none';

/** How a status moved from one period to the next (by scale position). */
export function movement(kind: Kind, before: string | null | undefined, after: string | null | undefined): Movement {
  const a = scaleIndex(kind, before);
  const b = scaleIndex(kind, after);
  if (b < 0) return 'none';
  if (a < 0) return 'new';
  if (b < a) return 'better';
  if (b > a) return 'worse';
  return 'same';
}

/** A scale colour, or `none`: no status (not reported yet, or a value no longer on the scale). */
export type ColourGroup = ScaleColour | 'none';

export function colourOf(kind: Kind, value: string | null | undefined): ColourGroup {
  return statusColour(kind, value) ?? 'none';
}

/**
 * Chart fills: the shared scale colours (also used by the exports); text on them is black or white
 * for ≥ 4.5:1 contrast (green 5.3, yellow 5.5 with black, red 6.5, grey 6.1, blue 6.3, none 4.5),
 * and every fill is ≥ 3:1 against the white page (WCAG 1.4.11). Grey and `none` look alike: the
 * text beside every swatch and bar ("3/8 Ej påbörjat", "Inte inskickad") carries the meaning.
 */
export const FILL: Record<ColourGroup, { bg: string; fg: string }> = {
  green: { bg: SCALE_COLOURS_HEX.green, fg: '#ffffff' },
  yellow: { bg: SCALE_COLOURS_HEX.yellow, fg: '#111111' },
  red: { bg: SCALE_COLOURS_HEX.red, fg: '#ffffff' },
  blue: { bg: SCALE_COLOURS_HEX.blue, fg: '#ffffff' },
  grey: { bg: SCALE_COLOURS_HEX.grey, fg: '#ffffff' },
  none: { bg: '#767676', fg: '#ffffff' },
};
