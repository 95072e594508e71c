declare const scopeBrand: unique symbol;

/**
 * A read-cache scope: the name under which the row triggers (Migration20261123140000 and
 * Migration20261123150000) count committed changes, and under which a cached read asks whether
 * anything it shows has changed (`ChangeTokens`). Only the constructors below make one, so a read
 * and the trigger that covers it cannot drift apart without the scope test noticing.
 */
export type Scope = string & { readonly [scopeBrand]: true };

const scope = (text: string) => text as Scope;

/** Which reports' words a text scope covers: all reports (`all`) or submitted and approved ones (`published`). */
export type TextFamily = 'all' | 'published';

/** The family's prefix in text scopes and in `search_change` terms (`a:<lexeme>`, `p:<lexeme>`): a case gained or lost the lexeme. */
export const FAMILY_PREFIX: Record<TextFamily, string> = { all: 'a', published: 'p' };

/** The family's prefix of `search_change` terms a report gained or lost (`r:<lexeme>`, `q:<lexeme>`): what searches of several words sum. */
export const REPORT_FAMILY_PREFIX: Record<TextFamily, string> = { all: 'r', published: 'q' };

export const Scope = {
  /** Any case or body (the case list, the bodies' names): moved by every case and body change. */
  cases: (): Scope => scope('case'),
  /** One case, its reports, their contributions and its history. */
  case: (reference: string): Scope => scope(`case:${reference}`),
  /** A period's reports and contributions, or only those of one body. */
  reports: (period: string, body?: string): Scope => scope(body === undefined ? `reports:${period}` : `reports:${period}:${body}`),
  /** The kinds (governance model): names, scales, what each asks, cadence. */
  kinds: (): Scope => scope('kind'),
  /** A period's own row (dates, state, published). */
  period: (id: string): Scope => scope(`period:${id}`),
  /**
   * Any change of report words (a comment, or a state change in or out of those readers see), for
   * those who see drafts (`all`) or readers (`published`). Searches of several words no longer read
   * it (they sum the per-report rows of `search_change`); a read over all report texts may.
   */
  reportText: (family: TextFamily = 'all'): Scope => scope(family === 'all' ? 'report-text' : 'published-text'),
  /**
   * What a prefix tsquery (`word:* & …`, see `toPrefixTsQuery`) finds in report comments. Not
   * written by a trigger: `ChangeTokens` sums it from `search_change`: for one word the rows of
   * cases that gained or lost a lexeme the word prefixes, for several the rows of reports that
   * gained or lost a lexeme one of the words prefixes (they are matched within one report).
   */
  text: (family: TextFamily, tsquery: string): Scope => scope(`text:${FAMILY_PREFIX[family]}:${tsquery}`),
  /** Any indicator or indicator value (the appendix's indicator lines, the overview's targets). */
  indicators: (): Scope => scope('indicators'),
  /** Moved by a truncation of any counted table; every token includes it. */
  all: (): Scope => scope('all'),
} as const;

export type ScopeKind = keyof typeof Scope;

/**
 * Reads a scope written by a trigger back into its constructor and arguments; null when no
 * constructor makes it. `Scope[kind](...args)` gives the same text again.
 */
export function parseScope(text: string): { kind: ScopeKind; args: string[] } | null {
  const fixed: Partial<Record<string, { kind: ScopeKind; args: string[] }>> = {
    case: { kind: 'cases', args: [] },
    kind: { kind: 'kinds', args: [] },
    'report-text': { kind: 'reportText', args: [] },
    'published-text': { kind: 'reportText', args: ['published'] },
    all: { kind: 'all', args: [] },
    indicators: { kind: 'indicators', args: [] },
  };
  const known = fixed[text];
  if (known) return known;
  const t = /^text:([ap]):(.+)$/su.exec(text);
  if (t) return { kind: 'text', args: [t[1] === 'a' ? 'all' : 'published', t[2]] };
  const m = /^(case|period):(.+)$/su.exec(text);
  if (m) return { kind: m[1] === 'case' ? 'case' : 'period', args: [m[2]] };
  // A period id has no colon (e.g. 2026-T2); a body code follows the second colon.
  const r = /^reports:([^:]+)(?::(.+))?$/su.exec(text);
  if (r) return { kind: 'reports', args: r[2] === undefined ? [r[1]] : [r[1], r[2]] };
  return null;
}
