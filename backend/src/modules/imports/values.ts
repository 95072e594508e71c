import type { CaseKind, Kind } from '@uppsikt/shared';
import type { BodyEntity } from '../bodies/body.entity.js';

/**
 * Words people write in `Typ` for the built-in kinds besides their names (as the importer took
 * them before kinds were data). A kind whose key is not in the table takes none of them.
 */
const SYNONYMS: Record<string, CaseKind> = {
  'kf uppdrag': 'assignment',
  uppdrag: 'assignment',
  'kf mål': 'goal',
  mål: 'goal',
  inriktningsmål: 'goal',
  prioritering: 'programme_priority',
};

const normKind = (raw: string) => raw.trim().replace(/\.$/u, '').replace(/\s+/gu, ' ').toLocaleLowerCase('sv-SE');

/**
 * `Typ` to a kind: any kind's name (exact) or key, or a known synonym of a built-in kind's name
 * (`exact` false: the importer warns how it read it).
 */
export function parseKind(raw: string, kinds: readonly Kind[]): { kind: Kind; exact: boolean } | null {
  const norm = normKind(raw);
  const named = kinds.find((k) => normKind(k.name) === norm);
  if (named) return { kind: named, exact: true };
  const key = kinds.find((k) => k.key === norm) ?? kinds.find((k) => k.key === SYNONYMS[norm]);
  return key ? { kind: key, exact: false } : null;
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
