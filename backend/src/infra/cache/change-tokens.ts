import { Injectable } from '@nestjs/common';
import { ReadDb } from '../database/read-db.js';
import { parseScope, Scope, FAMILY_PREFIX } from './scope.js';

/**
 * What the change counters of some scopes add up to (index lookups, tens of microseconds). A text
 * scope of one lexeme adds the counters of the lexemes its prefix matches (one range of the
 * C-collated `search_change` index); one of several lexemes (matched within one report) adds its
 * family's coarse scope instead (`Scope.reportText('all')` for family `a`, `('published')` for `p`).
 */
const TOKEN_SQL = `with terms as (
    select t.family, m[1] as lexeme, count(*) over (partition by t.n) as lexemes
      from unnest($2::text[], $3::text[]) with ordinality t(family, query, n)
      cross join lateral regexp_matches(to_tsquery('swedish', t.query)::text, '''([^'']+)''', 'g') m)
  select ((select coalesce(sum(n), 0) from read_change
            where scope = any($1::text[] || array(select distinct case family when $4 then $5 else $6 end from terms where lexemes > 1)))
        + (select coalesce(sum(s.n), 0) from terms t join search_change s
             on s.term >= (t.family || ':' || t.lexeme) collate "C" and s.term < (t.family || ':' || t.lexeme || chr(1114111)) collate "C"
            where t.lexemes = 1))::text as token`;

const COARSE = [FAMILY_PREFIX.all, Scope.reportText('all'), Scope.reportText('published')];

/**
 * A number that grows when a change to any of some scopes commits, and only then: row triggers
 * append a row per changed scope in the writing transaction (Migration20261123140000, 150000 and
 * 20261201120000), so the sum is the same in every process and never moves before the change is
 * visible. The scopes are made by `Scope` (see there); `Scope.all()` moves on truncation and is
 * always included.
 */
@Injectable()
export class ChangeTokens {
  constructor(private readonly db: ReadDb) {}

  async of(scopes: readonly Scope[]): Promise<bigint> {
    const plain: string[] = [Scope.all()];
    const families: string[] = [];
    const queries: string[] = [];
    for (const s of scopes) {
      const parsed = parseScope(s);
      if (parsed?.kind === 'text') {
        families.push(FAMILY_PREFIX[parsed.args[0] as 'all' | 'published']);
        queries.push(parsed.args[1]);
      } else plain.push(s);
    }
    const [{ token }] = await this.db.query<{ token: string }>(TOKEN_SQL, [plain, families, queries, ...COARSE]);
    return BigInt(token);
  }
}
