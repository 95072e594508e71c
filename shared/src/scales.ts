import type { CaseKind } from './enums.js';

/** Status scales of PRODUCT.md: ordered best first; colours are used in charts and exports. */
export type ScaleColour = 'green' | 'yellow' | 'red';
export interface ScaleValue {
  value: string;
  colour: ScaleColour;
}

export const SCALE_COLOURS_HEX: Record<ScaleColour, string> = {
  green: '#1e7b34',
  yellow: '#b58100',
  red: '#b3261e',
};

const ASSIGNMENT_SCALE: readonly ScaleValue[] = [
  { value: 'Genomfört', colour: 'green' },
  { value: 'Delvis genomfört', colour: 'yellow' },
  { value: 'Inte genomfört', colour: 'red' },
];

export const STATUS_SCALES: Record<CaseKind, readonly ScaleValue[]> = {
  assignment: ASSIGNMENT_SCALE,
  supplementary_assignment: ASSIGNMENT_SCALE,
  goal: [
    { value: 'Helt uppfyllt', colour: 'green' },
    { value: 'Delvis uppfyllt', colour: 'yellow' },
    { value: 'Inte uppfyllt', colour: 'red' },
  ],
  programme_priority: [
    { value: 'Enligt plan', colour: 'green' },
    { value: 'Mer arbete krävs', colour: 'yellow' },
  ],
};

export const TREND_SCALE = ['Positiv', 'Oförändrad', 'Negativ'] as const;
export type Trend = (typeof TREND_SCALE)[number];

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

export function scaleValues(kind: CaseKind): string[] {
  return STATUS_SCALES[kind].map((v) => v.value);
}

export function isOnScale(kind: CaseKind, value: string): boolean {
  return scaleValues(kind).includes(value);
}

export function statusColour(kind: CaseKind, value: string | null | undefined): ScaleColour | null {
  if (!value) return null;
  return STATUS_SCALES[kind].find((v) => v.value === value)?.colour ?? null;
}

export type ScaleMapping =
  | { ok: true; value: string; warning?: string }
  | { ok: false; message: string };

/**
 * Maps a free-text status to a value on the kind's scale: exact, synonym, or the same
 * position on another kind's scale (with a warning). Anything else is an error.
 */
export function mapToScale(kind: CaseKind, raw: string): ScaleMapping {
  const scale = scaleValues(kind);
  const norm = normaliseScaleText(raw);
  const exact = scale.find((v) => normaliseScaleText(v) === norm);
  if (exact) {
    return exact === raw ? { ok: true, value: exact } : { ok: true, value: exact, warning: `"${raw}" tolkades som "${exact}"` };
  }
  const synonym = SYNONYMS[norm];
  if (synonym) {
    const onThis = scale.includes(synonym) ? synonym : positionOnScale(kind, synonym);
    if (onThis) return { ok: true, value: onThis, warning: `"${raw}" tolkades som "${onThis}"` };
  }
  for (const otherKind of Object.keys(STATUS_SCALES) as CaseKind[]) {
    const other = scaleValues(otherKind);
    const idx = other.findIndex((v) => normaliseScaleText(v) === norm);
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

function positionOnScale(kind: CaseKind, canonicalElsewhere: string): string | undefined {
  for (const otherKind of Object.keys(STATUS_SCALES) as CaseKind[]) {
    const idx = scaleValues(otherKind).indexOf(canonicalElsewhere);
    if (idx >= 0) {
      const scale = scaleValues(kind);
      return scale[Math.min(idx, scale.length - 1)];
    }
  }
  return undefined;
}
