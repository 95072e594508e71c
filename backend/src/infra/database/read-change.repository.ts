import { Injectable } from '@nestjs/common';
import { FAMILY_PREFIX, REPORT_FAMILY_PREFIX, type Scope } from '../cache/scope.js';
import { Sql } from './sql.js';

/**
 * What the change counters of some scopes add up to (index lookups, tens of microseconds), for a
 * batch of tokens at once (`i` numbers them). A text scope of one lexeme adds the counters of the
 * lexemes its prefix matches in its family (one range of the C-collated `search_change` index: rows
 * of cases that gained or lost such a lexeme); a text scope of several lexemes (matched within one
 * report) adds, for each of them, the rows of reports that gained or lost one (the per-report
 * family: `r` for `a`, `q` for `p`).
 */
const TOKEN_SQL = `with plain as (
    select p.i, sum(c.n) as n from unnest($1::int[], $2::text[]) p(i, scope) join read_change c on c.scope = p.scope group by p.i),
  terms as (
    select t.i, t.family, m[1] as lexeme, count(*) over (partition by t.n) as lexemes
      from unnest($3::int[], $4::text[], $5::text[]) with ordinality t(i, family, query, n)
      cross join lateral regexp_matches(to_tsquery('swedish', t.query)::text, '''([^'']+)''', 'g') m),
  ranges as (select i, (case when lexemes = 1 then family when family = $6 then $7 else $8 end) || ':' || lexeme as prefix from terms),
  text as (
    select r.i, sum(s.n) as n from ranges r join search_change s
        on s.term >= r.prefix collate "C" and s.term < (r.prefix || chr(1114111)) collate "C" group by r.i)
  select k.i, (coalesce(p.n, 0) + coalesce(t.n, 0))::text as token
    from generate_series(0, $9::int - 1) k(i) left join plain p on p.i = k.i left join text t on t.i = k.i order by k.i`;

/** The scopes of one change token: plain scopes (each once) and text queries by family prefix. */
export interface TokenScopes {
  plain: readonly Scope[];
  text: { families: readonly string[]; queries: readonly string[] };
}

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
/**
 * Both tables churn by design (rows appended by every write, merged every few seconds), so each merge
 * leaves dead rows and index entries behind. Left to autovacuum, whose threshold grows with the table
 * and which wakes once a minute, they piled up in deadline week: every kept search's token walked a
 * term's dead index entries (the API bench, search at 50 connections while a board saved drafts:
 * 898 req/s, p99 84 ms; 2,880 req/s, p99 41 ms with this). A vacuum of these small tables takes milliseconds.
 */
const VACUUM_CHANGES = 'vacuum (skip_locked) read_change, search_change';

/** The change counters of the read caches (`read_change` and `search_change`, appended to by row triggers). */
@Injectable()
export class ReadChangeRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Per entry, the sum of its plain scopes' counters (a scope named twice counts once) and of its
   * text queries' (by family prefix) lexemes, in one statement for all entries.
   */
  async sumsOf(entries: readonly TokenScopes[]): Promise<bigint[]> {
    const plain = entries.flatMap((e, i) => [...new Set(e.plain)].map((scope) => [i, scope] as const));
    const text = entries.flatMap((e, i) => e.text.queries.map((query, j) => [i, e.text.families[j], query] as const));
    const rows = await this.sql.lookup<{ token: string }>(TOKEN_SQL, [
      plain.map(([i]) => i),
      plain.map(([, scope]) => scope),
      text.map(([i]) => i),
      text.map(([, family]) => family),
      text.map(([, , query]) => query),
      ...PER_REPORT,
      entries.length,
    ]);
    return rows.map((r) => BigInt(r.token));
  }

  /** Merges each scope's (and term's) rows into one, then clears what the merge left dead; the number of rows merged. */
  async compact(): Promise<number> {
    const merged = (await this.sql.execute(COMPACT_READ_CHANGES)) + (await this.sql.execute(COMPACT_SEARCH_CHANGES));
    await this.sql.execute(VACUUM_CHANGES);
    return merged;
  }
}
