import { CASE_KIND_LABELS, type CaseKind } from '@uppsikt/shared';
import type { BodyEntity } from '../bodies/body.entity.js';

const KIND_WORDS: Record<string, CaseKind> = {
  'kf-uppdrag': 'assignment',
  'kf uppdrag': 'assignment',
  uppdrag: 'assignment',
  assignment: 'assignment',
  tilläggsuppdrag: 'supplementary_assignment',
  'supplementary_assignment': 'supplementary_assignment',
  'kf-mål': 'goal',
  'kf mål': 'goal',
  mål: 'goal',
  inriktningsmål: 'goal',
  goal: 'goal',
  programprioritering: 'programme_priority',
  prioritering: 'programme_priority',
  programme_priority: 'programme_priority',
};

/** `Typ` to a case kind; `exact` is false when the text was not one of the four standard names. */
export function parseKind(raw: string): { kind: CaseKind; exact: boolean } | null {
  const norm = raw.trim().replace(/\.$/u, '').replace(/\s+/gu, ' ').toLocaleLowerCase('sv-SE');
  const kind = KIND_WORDS[norm];
  if (!kind) return null;
  return { kind, exact: CASE_KIND_LABELS[kind].toLocaleLowerCase('sv-SE') === norm };
}

/** YYYY-MM-DD (also from an Excel date cell); a valid calendar date. */
export function parseDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$/u.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A list cell: items separated by commas, semicolons or line breaks. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[,;\n]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Looks bodies up by code (any case) or, failing that, by name. */
export class BodyLookup {
  private readonly byCode = new Map<string, BodyEntity>();
  private readonly byName = new Map<string, BodyEntity>();

  constructor(bodies: BodyEntity[]) {
    for (const b of bodies) {
      this.byCode.set(b.code.toLocaleUpperCase('sv-SE'), b);
      this.byName.set(b.name.toLocaleLowerCase('sv-SE').replace(/\s+/gu, ' '), b);
    }
  }

  find(raw: string): { body: BodyEntity; byName: boolean } | null {
    const code = this.byCode.get(raw.trim().toLocaleUpperCase('sv-SE'));
    if (code) return { body: code, byName: false };
    const named = this.byName.get(raw.trim().toLocaleLowerCase('sv-SE').replace(/\s+/gu, ' '));
    return named ? { body: named, byName: true } : null;
  }
}
