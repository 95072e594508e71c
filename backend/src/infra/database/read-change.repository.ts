import { Injectable } from '@nestjs/common';
import { FAMILY_PREFIX, REPORT_FAMILY_PREFIX, type Scope } from '../cache/scope.js';
import { Sql } from './sql.js';

/**
 * What the change counters of some scopes add up to (index lookups, tens of microseconds). A text
 * scope of one lexeme adds the counters of the lexemes its prefix matches in its family (one range
 * of the C-collated `search_change` index: rows of cases that gained or lost such a lexeme); a text
 * scope of several lexemes (matched within one report) adds, for each of them, the rows of reports
 * that gained or lost one (the per-report family: `r` for `a`, `q` for `p`).
 */
const TOKEN_SQL = `with terms as (
    select t.family, m[1] as lexeme, count(*) over (partition by t.n) as lexemes
      from unnest($2::text[], $3::text[]) with ordinality t(family, query, n)
      cross join lateral regexp_matches(to_tsquery('swedish', t.query)::text, '''([^'']+)''', 'g') m),
  ranges as (select (case when lexemes = 1 then family when family = $4 then $5 else $6 end) || ':' || lexeme as prefix from terms)
  select ((select coalesce(sum(n), 0) from read_change where scope = any($1::text[]))
        + (select coalesce(sum(s.n), 0) from ranges r join search_change s
             on s.term >= r.prefix collate "C" and s.term < (r.prefix || chr(1114111)) collate "C"))::text as token`;

const PER_REPORT = [FAMILY_PREFIX.all, REPORT_FAMILY_PREFIX.all, REPORT_FAMILY_PREFIX.published];

/**
 * Merges each scope's change rows into one with their sum, in one statement per table: readers
 * see the same sums before and after, and rows committed meanwhile are left for the next run.
 * `search_change` (changed lexemes) is merged the same way, per term.
 */
const compactSql = (table: string, key: string) => `
  with merged as (
    delete from ${table} where ${key} in (select ${key} from ${table} group by ${key} having count(*) > 1)
    returning ${key}, n)
  insert into ${table} (${key}, n) select ${key}, sum(n) from merged group by ${key}`;

const COMPACT_READ_CHANGES = compactSql('read_change', 'scope');
const COMPACT_SEARCH_CHANGES = compactSql('search_change', 'term');

/** The change counters of the read caches (`read_change` and `search_change`, appended to by row triggers). */
@Injectable()
export class ReadChangeRepository {
  constructor(private readonly sql: Sql) {}

  /** The sum of the plain scopes' counters and of the text queries' (by family prefix) lexemes. */
  async sumOf(plain: readonly Scope[], text: { families: string[]; queries: string[] }): Promise<bigint> {
    const [{ token }] = await this.sql.query<{ token: string }>(TOKEN_SQL, [plain, text.families, text.queries, ...PER_REPORT]);
    return BigInt(token);
  }

  /** Merges each scope's (and term's) rows into one; the number of rows merged. */
  async compact(): Promise<number> {
    return (await this.sql.execute(COMPACT_READ_CHANGES)) + (await this.sql.execute(COMPACT_SEARCH_CHANGES));
  }
}
