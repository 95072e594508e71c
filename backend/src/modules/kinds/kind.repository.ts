import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Kind, ScaleValue, Term } from '@uppsikt/shared';
import { Sql } from '../../infra/database/sql.js';

interface KindRow {
  key: string;
  name: string;
  plural: string;
  scale: ScaleValue[];
  asks_forecast: Term[];
  asks_trend: boolean;
  asks_summary: boolean;
  terms: Term[];
  reported: boolean;
  position: number;
  built_in: boolean;
  version: number;
}

const toKind = (r: KindRow): Kind => ({
  key: r.key,
  name: r.name,
  plural: r.plural,
  scale: r.scale.map((v) => ({ value: v.value, colour: v.colour })),
  asksForecast: r.asks_forecast,
  asksTrend: r.asks_trend,
  asksSummary: r.asks_summary,
  terms: r.terms,
  reported: r.reported,
  position: r.position,
  builtIn: r.built_in,
  version: r.version,
});

/** One report whose status or forecast a scale rename changed, before and after. */
export interface RenamedReport {
  id: string;
  reference: string;
  status: { before: string | null; after: string | null };
  forecast: { before: string | null; after: string | null };
}

/** All SQL of kinds, and the report updates a change of a kind's scale makes. */
@Injectable()
export class KindRepository {
  constructor(private readonly sql: Sql) {}

  /** Every kind in position order (key breaks ties). */
  async list(tx?: EntityManager): Promise<Kind[]> {
    const rows = await this.sql.query<KindRow>(
      `select key, name, plural, scale, asks_forecast, asks_trend, asks_summary, terms, reported, position, built_in, version
         from kind order by position, key`,
      [],
      tx,
    );
    return rows.map(toKind);
  }

  /** How many reports of the kind's cases use each of `values` as status or forecast. */
  async usage(tx: EntityManager, kind: string, values: string[]): Promise<Map<string, number>> {
    const rows = await this.sql.query<{ value: string; n: string }>(
      `select v.value, count(r.id)::text as n
         from unnest($2::text[]) v(value)
         join report r on r.status = v.value or r.forecast = v.value
         join "case" c on c.id = r.case_id and c.kind = $1
        group by v.value`,
      [kind, values],
      tx,
    );
    return new Map(rows.map((r) => [r.value, Number(r.n)]));
  }

  /**
   * Renames scale values (`from[i]` → `to[i]`, all at once, so values may swap) in the status and
   * forecast of every report of the kind's cases; each changed report's version moves, so a draft
   * open elsewhere with the old value is stale. The reports' submissions stay as they were sent.
   */
  async renameValues(tx: EntityManager, kind: string, from: string[], to: string[]): Promise<RenamedReport[]> {
    const before = await this.sql.query<{ id: string; reference: string; status: string | null; forecast: string | null }>(
      `select r.id, c.reference, r.status, r.forecast
         from report r join "case" c on c.id = r.case_id
        where c.kind = $1 and (r.status = any($2::text[]) or r.forecast = any($2::text[]))
        order by c.reference_sort, r.period_id
          for update of r`,
      [kind, from],
      tx,
    );
    if (!before.length) return [];
    await this.sql.execute(
      `with m(old, new) as (select * from unnest($2::text[], $3::text[]))
       update report r
          set status = coalesce((select m.new from m where m.old = r.status), r.status),
              forecast = coalesce((select m.new from m where m.old = r.forecast), r.forecast),
              version = r.version + 1,
              updated_at = now()
         from "case" c
        where c.id = r.case_id and c.kind = $1 and r.id = any($4::uuid[])`,
      [kind, from, to, before.map((r) => r.id)],
      tx,
    );
    const rename = (v: string | null) => (v !== null && from.includes(v) ? to[from.indexOf(v)] : v);
    return before.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: { before: r.status, after: rename(r.status) },
      forecast: { before: r.forecast, after: rename(r.forecast) },
    }));
  }
}
