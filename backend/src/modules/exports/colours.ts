import { SCALE_COLOURS_HEX, type ScaleColour } from '@uppsikt/shared';

/**
 * A light tint of a scale colour (the shared chart colours mixed with white), used as the
 * background of status cells so that black text on it stays readable (contrast well above 7:1).
 */
export function statusFill(colour: ScaleColour, strength = 0.32): string {
  const hex = SCALE_COLOURS_HEX[colour].replace('#', '');
  const mix = (i: number) => Math.round(parseInt(hex.slice(i, i + 2), 16) * strength + 255 * (1 - strength));
  return [0, 2, 4].map((i) => mix(i).toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** The scale colour itself, for a narrow marker or border beside the text. */
export function statusStrong(colour: ScaleColour): string {
  return SCALE_COLOURS_HEX[colour].replace('#', '').toUpperCase();
}

export const TEXT_COLOUR = '1A1A1A';
export const HEADER_FILL = 'E3E8ED';
