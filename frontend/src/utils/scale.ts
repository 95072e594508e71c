import { SCALE_COLOURS_HEX, scaleValues, statusColour, type CaseKind, type ScaleColour } from '@uppsikt/shared';
import { kindOf } from './kinds';

/** Position on the kind's scale, 0 = best; -1 when not on it. */
export function scaleIndex(kind: CaseKind, value: string | null | undefined): number {
  return value ? scaleValues(kindOf(kind)).indexOf(value) : -1;
}

export type Movement = 'better' | 'same' | 'worse' | 'new' | 'none';

/** How a status moved from one period to the next (by scale position). */
export function movement(kind: CaseKind, before: string | null | undefined, after: string | null | undefined): Movement {
  const a = scaleIndex(kind, before);
  const b = scaleIndex(kind, after);
  if (b < 0) return 'none';
  if (a < 0) return 'new';
  if (b < a) return 'better';
  if (b > a) return 'worse';
  return 'same';
}

export type ColourGroup = ScaleColour | 'none';
/** The groups the overview charts show (a grey or blue value of an admin's scale is counted, not yet charted). */
export const COLOUR_GROUPS: readonly ColourGroup[] = ['green', 'yellow', 'red', 'none'];

export function colourOf(kind: CaseKind, value: string | null | undefined): ColourGroup {
  if (!value) return 'none';
  return statusColour(kindOf(kind), value) ?? 'none';
}

/** Chart fills: the shared scale colours; text on them picks black or white for ≥ 4.5:1 contrast. */
export const FILL: Record<ColourGroup, { bg: string; fg: string }> = {
  green: { bg: SCALE_COLOURS_HEX.green, fg: '#ffffff' },
  yellow: { bg: SCALE_COLOURS_HEX.yellow, fg: '#111111' },
  red: { bg: SCALE_COLOURS_HEX.red, fg: '#ffffff' },
  grey: { bg: SCALE_COLOURS_HEX.grey, fg: '#ffffff' },
  blue: { bg: SCALE_COLOURS_HEX.blue, fg: '#ffffff' },
  none: { bg: '#767676', fg: '#ffffff' },
};
