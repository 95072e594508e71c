import type { Term } from './enums.js';

/**
 * Status scales are data (PRODUCT.md "Status scales"): each kind (a row of `/api/kinds`) carries its
 * ordered scale, best first, with a colour per value. The functions below take the kind itself,
 * never its key, so they work the same for built-in kinds and those an admin adds.
 */
export const SCALE_COLOURS = ['green', 'yellow', 'red', 'grey', 'blue'] as const;
export type ScaleColour = (typeof SCALE_COLOURS)[number];
export interface ScaleValue {
  value: string;
  colour: ScaleColour;
}

export const SCALE_COLOURS_HEX: Record<ScaleColour, string> = {
  green: '#1e7b34',
  yellow: '#b58100',
  red: '#b3261e',
  grey: '#5f6368',
  blue: '#1a5fb4',
};

/** What the scale functions need of a kind (a `Kind` of the API has all of it). */
export interface KindScale {
  key: string;
  name: string;
  scale: readonly ScaleValue[];
}

/** What the workflow functions need of a kind. */
export interface KindAsks extends KindScale {
  asksForecast: readonly Term[];
  asksTrend: boolean;
  asksSummary: boolean;
}

export const TREND_SCALE = ['Positiv', 'Oförändrad', 'Negativ'] as const;
export type Trend = (typeof TREND_SCALE)[number];

/** A report's one-line summary (kinds with `asksSummary`), at most this many characters. */
export const SUMMARY_MAX = 300;

/** Known synonyms per canonical value (compared normalised). */
const SYNONYMS: Record<string, string> = {
  'helt genomfört': 'Genomfört',
  'genomfört': 'Genomfört',
  'ej genomfört': 'Inte genomfört',
  'uppfyllt': 'Helt uppfyllt',
  'ej uppfyllt': 'Inte uppfyllt',
  'delvis': 'Delvis genomfört',
};

export function normaliseScaleText(raw: string): string {
  return raw.trim().replace(/[.\s]+$/u, '').replace(/\s+/gu, ' ').toLocaleLowerCase('sv-SE');
}

export function scaleValues(kind: KindScale): string[] {
  return kind.scale.map((v) => v.value);
}

export function isOnScale(kind: KindScale, value: string): boolean {
  return kind.scale.some((v) => v.value === value);
}

export function statusColour(kind: KindScale, value: string | null | undefined): ScaleColour | null {
  if (!value) return null;
  return kind.scale.find((v) => v.value === value)?.colour ?? null;
}

export type ScaleMapping =
  | { ok: true; value: string; warning?: string }
  | { ok: false; message: string };

/**
 * Maps a free-text status to a value on the kind's scale: exact, synonym, or the same position on
 * another kind's scale (`others`, in kind order; with a warning). Anything else is an error.
 */
export function mapToScale(kind: KindScale, raw: string, others: readonly KindScale[] = []): ScaleMapping {
  const scale = scaleValues(kind);
  const norm = normaliseScaleText(raw);
  const exact = scale.find((v) => normaliseScaleText(v) === norm);
  if (exact) {
    return exact === raw ? { ok: true, value: exact } : { ok: true, value: exact, warning: `"${raw}" tolkades som "${exact}"` };
  }
  const synonym = SYNONYMS[norm];
  if (synonym) {
    const onThis = scale.includes(synonym) ? synonym : positionOnScale(kind, synonym, others);
    if (onThis) return { ok: true, value: onThis, warning: `"${raw}" tolkades som "${onThis}"` };
  }
  for (const other of others) {
    const idx = other.scale.findIndex((v) => normaliseScaleText(v.value) === norm);
    if (idx >= 0) {
      const mapped = scale[Math.min(idx, scale.length - 1)];
      return {
        ok: true,
        value: mapped,
        warning: `"${raw}" hör till en annan skala och tolkades som "${mapped}"`,
      };
    }
  }
  return { ok: false, message: `"${raw}" finns inte på skalan (${scale.join(', ')})` };
}

function positionOnScale(kind: KindScale, canonicalElsewhere: string, others: readonly KindScale[]): string | undefined {
  for (const other of others) {
    const idx = scaleValues(other).indexOf(canonicalElsewhere);
    if (idx >= 0) {
      const scale = scaleValues(kind);
      return scale[Math.min(idx, scale.length - 1)];
    }
  }
  return undefined;
}
