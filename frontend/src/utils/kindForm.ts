import { TERMS, type Term } from '@uppsikt/shared';
import type { Kind, KindColour, KindCreate, KindPatch, KindScaleEdit } from '@/api/kinds';

/*
 * The Styrmodell page's form for one kind, as plain data and pure functions (unit tested):
 * the scale as rows that remember the value they had on the server (`was`), so a renamed value
 * is sent as {value, colour, was} and the server renames it in every report.
 */

export interface ScaleRow {
  /** Stable key for the list (rows move). */
  id: number;
  value: string;
  colour: KindColour;
  /** The value on the server before this edit; absent for a row added now. */
  was?: string;
}

export interface KindFormValue {
  key: string;
  name: string;
  plural: string;
  scale: ScaleRow[];
  asksForecast: Term[];
  asksTrend: boolean;
  asksSummary: boolean;
  terms: Term[];
  reported: boolean;
}

let nextId = 1;
export function newRow(value = '', colour: KindColour = 'green', was?: string): ScaleRow {
  return was === undefined ? { id: nextId++, value, colour } : { id: nextId++, value, colour, was };
}

/** An empty form for a new kind: a forecast in T1 and T2, reported every tertial, as the built-in kinds. */
export function emptyKindForm(): KindFormValue {
  return {
    key: '',
    name: '',
    plural: '',
    scale: [newRow('', 'green'), newRow('', 'yellow'), newRow('', 'red')],
    asksForecast: ['T1', 'T2'],
    asksTrend: false,
    asksSummary: false,
    terms: [...TERMS],
    reported: true,
  };
}

export function formFromKind(kind: Kind): KindFormValue {
  return {
    key: kind.key,
    name: kind.name,
    plural: kind.plural,
    scale: kind.scale.map((v) => newRow(v.value, v.colour, v.value)),
    asksForecast: [...kind.asksForecast],
    asksTrend: kind.asksTrend,
    asksSummary: kind.asksSummary,
    terms: [...kind.terms],
    reported: kind.reported,
  };
}

/** Moves row i one step up (-1) or down (+1); a new array, unchanged at the ends. */
export function moveRow(rows: readonly ScaleRow[], i: number, delta: -1 | 1): ScaleRow[] {
  const j = i + delta;
  if (i < 0 || i >= rows.length || j < 0 || j >= rows.length) return [...rows];
  const next = [...rows];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

export function removeRow(rows: readonly ScaleRow[], i: number): ScaleRow[] {
  return rows.filter((_, k) => k !== i);
}

/** Terms in model order, each once. */
function sortTerms(terms: readonly Term[]): Term[] {
  return TERMS.filter((t) => terms.includes(t));
}

/** The scale as the API takes it: `was` only on a value that was renamed. */
export function scaleForApi(rows: readonly ScaleRow[]): KindScaleEdit[] {
  return rows.map((r) => {
    const value = r.value.trim();
    return r.was !== undefined && r.was !== value ? { value, colour: r.colour, was: r.was } : { value, colour: r.colour };
  });
}

/** Values the server has that this edit drops (neither kept nor renamed): the server refuses those still used. */
export function removedValues(kind: Kind, rows: readonly ScaleRow[]): string[] {
  const kept = new Set(rows.map((r) => r.was).filter((w): w is string => w !== undefined));
  return kind.scale.map((v) => v.value).filter((v) => !kept.has(v));
}

export function createBody(f: KindFormValue): KindCreate {
  return {
    key: f.key.trim(),
    name: f.name.trim(),
    plural: f.plural.trim(),
    scale: scaleForApi(f.scale).map(({ value, colour }) => ({ value, colour })),
    asksForecast: sortTerms(f.asksForecast),
    asksTrend: f.asksTrend,
    asksSummary: f.asksSummary,
    terms: sortTerms(f.terms),
    reported: f.reported,
  };
}

export function patchBody(f: KindFormValue, version: number): KindPatch {
  const { key: _key, ...rest } = createBody(f);
  return { ...rest, scale: scaleForApi(f.scale), version };
}

export const KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/u;

/** Problem codes per field path (`key`, `name`, `plural`, `scale`, `scale.2.value`, `terms`); the page words them. */
export type KindFormProblem = 'keyFormat' | 'keyTaken' | 'nameMissing' | 'pluralMissing' | 'scaleTooShort' | 'valueMissing' | 'valueTwice' | 'termsMissing';

export function validateKindForm(f: KindFormValue, existingKeys: readonly string[], isNew: boolean): Record<string, KindFormProblem> {
  const problems: Record<string, KindFormProblem> = {};
  if (isNew) {
    const key = f.key.trim();
    if (!KEY_PATTERN.test(key)) problems.key = 'keyFormat';
    else if (existingKeys.includes(key)) problems.key = 'keyTaken';
  }
  if (!f.name.trim()) problems.name = 'nameMissing';
  if (!f.plural.trim()) problems.plural = 'pluralMissing';
  if (f.scale.length < 2) problems.scale = 'scaleTooShort';
  const seen = new Set<string>();
  f.scale.forEach((r, i) => {
    const v = r.value.trim().toLocaleLowerCase('sv');
    if (!v) problems[`scale.${i}.value`] = 'valueMissing';
    else if (seen.has(v)) problems[`scale.${i}.value`] = 'valueTwice';
    seen.add(v);
  });
  if (f.reported && f.terms.length === 0) problems.terms = 'termsMissing';
  return problems;
}
