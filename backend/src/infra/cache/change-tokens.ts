import { Injectable } from '@nestjs/common';
import { ReadDb } from '../database/read-db.js';

/**
 * What the change counters of some scopes add up to (index lookups, tens of microseconds). A text
 * scope of one lexeme adds the counters of the lexemes its prefix matches (one range of the
 * C-collated `search_change` index); one of several lexemes (matched within one report) adds its
 * family's coarse scope instead (`report-text`, `published-text`).
 */
const TOKEN_SQL = `with terms as (
    select t.family, m[1] as lexeme, count(*) over (partition by t.n) as lexemes
      from unnest($2::text[], $3::text[]) with ordinality t(family, query, n)
      cross join lateral regexp_matches(to_tsquery('swedish', t.query)::text, '''([^'']+)''', 'g') m)
  select ((select coalesce(sum(n), 0) from read_change
            where scope = any($1::text[] || array(select distinct case family when 'a' then 'report-text' else 'published-text' end from terms where lexemes > 1)))
        + (select coalesce(sum(s.n), 0) from terms t join search_change s
             on s.term >= (t.family || ':' || t.lexeme) collate "C" and s.term < (t.family || ':' || t.lexeme || chr(1114111)) collate "C"
            where t.lexemes = 1))::text as token`;

/** Which reports' words a text scope covers: all reports (`all`) or submitted and approved ones (`published`). */
export type TextFamily = 'all' | 'published';

const FAMILY_PREFIX: Record<TextFamily, string> = { all: 'a', published: 'p' };

/**
 * The scope of what a prefix tsquery (`word:* & …`, see `toPrefixTsQuery`) finds in report
 * comments: for one word, it moves only when a case gains or loses (across its reports) a lexeme
 * the word prefixes; for several, when any report's words change.
 */
export function textScope(family: TextFamily, tsquery: string): string {
  return `text:${FAMILY_PREFIX[family]}:${tsquery}`;
}

/**
 * A number that grows when a change to any of some scopes commits, and only then: row triggers
 * append a row per changed scope in the writing transaction (Migration20261123140000), so the sum
 * is the same in every process and never moves before the change is visible.
 *
 * Scopes: `case` (any case or body), `case:<reference>` (the case, its reports, their
 * contributions, its history), `reports:<period>` and `reports:<period>:<body>` (a period's
 * reports and contributions), `period:<id>`, and text scopes (`textScope`, Migration20261201120000).
 * `all` moves on truncation and is always included.
 */
@Injectable()
export class ChangeTokens {
  constructor(private readonly db: ReadDb) {}

  async of(scopes: readonly string[]): Promise<bigint> {
    const plain = ['all'];
    const families: string[] = [];
    const queries: string[] = [];
    for (const s of scopes) {
      if (s.startsWith('text:')) {
        families.push(s.slice(5, 6));
        queries.push(s.slice(7));
      } else plain.push(s);
    }
    const [{ token }] = await this.db.query<{ token: string }>(TOKEN_SQL, [plain, families, queries]);
    return BigInt(token);
  }
}
