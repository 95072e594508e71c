import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IndicatorDirection, KoladaGender, SyncState } from '@uppsikt/shared';
import { uuidv7 } from '../../common/ids.js';
import { Sql } from '../../infra/database/sql.js';

/** An indicator row as the reads select it (values as JSON, instants as ISO text). */
export interface IndicatorRow {
  id: string;
  case_reference: string;
  name: string;
  unit: string | null;
  direction: IndicatorDirection;
  target: number | null;
  target_year: number | null;
  baseline: number | null;
  kolada_kpi: string | null;
  kolada_gender: KoladaGender | null;
  sync_state: SyncState;
  sync_at: string | null;
  sync_message: string | null;
  version: number;
  values: Array<{ year: number; value: number | null; women: number | null; men: number | null; source: 'manual' | 'Kolada'; fetchedAt: string | null; note: string | null }>;
}

/** The indicator to change in a write, locked, with its case and the case's lead body. */
export interface IndicatorForWrite extends IndicatorRow {
  case_id: string;
  lead_body: string;
}

export interface IndicatorFields {
  name: string;
  unit: string | null;
  direction: IndicatorDirection;
  target: number | null;
  targetYear: number | null;
  baseline: number | null;
  koladaKpi: string | null;
  koladaGender: KoladaGender | null;
}

export interface ValueFields {
  value: number | null;
  women: number | null;
  men: number | null;
  note: string | null;
}

/** One fetched Kolada figure for an indicator and year. */
export interface KoladaValue {
  indicatorId: string;
  year: number;
  value: number | null;
  women: number | null;
  men: number | null;
}

/** A Kolada-linked indicator, as the sync needs it. */
export interface LinkedIndicator {
  id: string;
  caseReference: string;
  kpi: string;
  gender: KoladaGender;
}

/** The columns of `IndicatorRow`; `valueFilter` narrows the values (e.g. to years up to a period's). */
const selectSql = (valueFilter = '') => `select i.id, c.reference as case_reference, i.name, i.unit, i.direction, i.target, i.target_year, i.baseline,
       i.kolada_kpi, i.kolada_gender, i.sync_state, to_json(i.sync_at) #>> '{}' as sync_at, i.sync_message, i.version,
       coalesce((select json_agg(json_build_object('year', v.year, 'value', v.value, 'women', v.women, 'men', v.men, 'source', v.source,
                                                   'fetchedAt', to_json(v.fetched_at) #>> '{}', 'note', v.note) order by v.year)
                   from indicator_value v where v.indicator_id = i.id${valueFilter}), '[]'::json) as values`;
const SELECT = selectSql();

/** All SQL of indicators and their values (plain SQL through `Sql`; writes inside the caller's transaction). */
@Injectable()
export class IndicatorRepository {
  constructor(private readonly sql: Sql) {}

  /** A case's indicators, oldest first; null when the case does not exist. */
  async ofCase(reference: string): Promise<IndicatorRow[] | null> {
    const rows = await this.sql.query<IndicatorRow>(
      `${SELECT} from "case" c left join indicator i on i.case_id = c.id where c.reference = $1 order by i.created_at, i.id`,
      [reference],
    );
    if (!rows.length) return null;
    return rows.filter((r) => r.id !== null);
  }

  /** Every indicator, in natural case order. */
  all(): Promise<IndicatorRow[]> {
    return this.sql.query<IndicatorRow>(`${SELECT} from indicator i join "case" c on c.id = i.case_id order by c.reference_sort, i.created_at, i.id`);
  }

  async byId(id: string, tx?: EntityManager): Promise<IndicatorRow | null> {
    const [row] = await this.sql.query<IndicatorRow>(`${SELECT} from indicator i join "case" c on c.id = i.case_id where i.id = $1`, [id], tx);
    return row ?? null;
  }

  /** The indicators of these cases with their values up to `year` (the appendix of a period of that year). */
  forAppendix(references: readonly string[], year: number): Promise<IndicatorRow[]> {
    return this.sql.query<IndicatorRow>(
      `${selectSql(' and v.year <= $2')} from indicator i join "case" c on c.id = i.case_id where c.reference = any($1::text[]) order by c.reference, i.created_at, i.id`,
      [references, year],
    );
  }

  /** Cases by reference (the indicator import). */
  casesByReference(tx: EntityManager, references: readonly string[]): Promise<Array<{ id: string; reference: string }>> {
    return this.sql.query(`select id, reference from "case" where reference = any($1::text[])`, [references], tx);
  }

  /** Every indicator of these cases, with its case id (the indicator import), locked for the write. */
  ofCasesForWrite(tx: EntityManager, caseIds: readonly string[]): Promise<Array<IndicatorRow & { case_id: string }>> {
    return this.sql.query(`${SELECT}, i.case_id from indicator i join "case" c on c.id = i.case_id where i.case_id = any($1::uuid[]) order by i.created_at, i.id for update of i`, [caseIds], tx);
  }

  /** The case's id and lead body, locked for the write; null when there is no such case. */
  async caseForWrite(tx: EntityManager, reference: string): Promise<{ id: string; lead_body: string } | null> {
    const [row] = await this.sql.query<{ id: string; lead_body: string }>(`select id, lead_body_code as lead_body from "case" where reference = $1 for update`, [reference], tx);
    return row ?? null;
  }

  /** The indicator, locked for the write; null when there is none. */
  async forWrite(tx: EntityManager, id: string): Promise<IndicatorForWrite | null> {
    const [row] = await this.sql.query<IndicatorForWrite>(
      `${SELECT}, i.case_id, c.lead_body_code as lead_body from indicator i join "case" c on c.id = i.case_id where i.id = $1 for update of i`,
      [id],
      tx,
    );
    return row ?? null;
  }

  async insert(tx: EntityManager, caseId: string, f: IndicatorFields, now: Date): Promise<string> {
    const id = uuidv7(now.getTime());
    await this.sql.execute(
      `insert into indicator (id, case_id, name, unit, direction, target, target_year, baseline, kolada_kpi, kolada_gender, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [id, caseId, f.name, f.unit, f.direction, f.target, f.targetYear, f.baseline, f.koladaKpi, f.koladaGender, now],
      tx,
    );
    return id;
  }

  /** Writes the fields and moves the version; a new KPI or gender starts the fetch state over. */
  async update(tx: EntityManager, id: string, f: IndicatorFields, resetSync: boolean, now: Date): Promise<void> {
    await this.sql.execute(
      `update indicator set name = $2, unit = $3, direction = $4, target = $5, target_year = $6, baseline = $7, kolada_kpi = $8, kolada_gender = $9,
              version = version + 1, updated_at = $10
              ${resetSync ? `, sync_state = 'never', sync_at = null, sync_message = null` : ''}
        where id = $1`,
      [id, f.name, f.unit, f.direction, f.target, f.targetYear, f.baseline, f.koladaKpi, f.koladaGender, now],
      tx,
    );
  }

  /** A value write's mark on its indicator: the version moves (and the case page's cache with it). */
  async touch(tx: EntityManager, id: string, now: Date): Promise<void> {
    await this.sql.execute(`update indicator set version = version + 1, updated_at = $2 where id = $1`, [id, now], tx);
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await this.sql.execute(`delete from indicator where id = $1`, [id], tx);
  }

  /** Removes the values fetched from Kolada (the KPI or gender changed); returns their years. */
  async deleteKoladaValues(tx: EntityManager, id: string): Promise<number[]> {
    const rows = await this.sql.query<{ year: number }>(`delete from indicator_value where indicator_id = $1 and source = 'Kolada' returning year`, [id], tx);
    return rows.map((r) => r.year).sort((a, b) => a - b);
  }

  async upsertManual(tx: EntityManager, id: string, year: number, v: ValueFields, now: Date): Promise<void> {
    await this.sql.execute(
      `insert into indicator_value (indicator_id, year, value, women, men, source, fetched_at, note, updated_at)
       values ($1, $2, $3, $4, $5, 'manual', null, $6, $7)
       on conflict (indicator_id, year) do update set value = excluded.value, women = excluded.women, men = excluded.men,
              source = 'manual', fetched_at = null, note = excluded.note, updated_at = excluded.updated_at`,
      [id, year, v.value, v.women, v.men, v.note, now],
      tx,
    );
  }

  async deleteValue(tx: EntityManager, id: string, year: number): Promise<void> {
    await this.sql.execute(`delete from indicator_value where indicator_id = $1 and year = $2`, [id, year], tx);
  }

  // ── Kolada ────────────────────────────────────────────────────────────────

  /** Serialises Kolada writes (transaction-scoped advisory lock). */
  async lockSync(tx: EntityManager): Promise<void> {
    await this.sql.query(`select pg_advisory_xact_lock(hashtext('uppsikt:kolada-sync'))`, [], tx);
  }

  /** Every Kolada-linked indicator. */
  linked(): Promise<LinkedIndicator[]> {
    return this.sql.query<LinkedIndicator>(
      `select i.id, c.reference as "caseReference", i.kolada_kpi as kpi, i.kolada_gender as gender
         from indicator i join "case" c on c.id = i.case_id where i.kolada_kpi is not null order by i.kolada_kpi, i.id`,
    );
  }

  /** The stored values of these indicators, for the sync to compare with what Kolada sends. */
  valuesOf(tx: EntityManager, ids: readonly string[]): Promise<Array<{ indicator_id: string; year: number; value: number | null; women: number | null; men: number | null; source: 'manual' | 'Kolada' }>> {
    return this.sql.query(`select indicator_id, year, value, women, men, source from indicator_value where indicator_id = any($1::uuid[])`, [ids], tx);
  }

  /**
   * Writes fetched values in one statement. A year typed by hand is left alone (the conflict
   * update only replaces a Kolada row); an indicator deleted meanwhile is skipped.
   */
  async upsertKolada(tx: EntityManager, values: readonly KoladaValue[], fetchedAt: Date): Promise<void> {
    for (let i = 0; i < values.length; i += 2000) {
      const chunk = values.slice(i, i + 2000);
      await this.sql.execute(
        `insert into indicator_value (indicator_id, year, value, women, men, source, fetched_at, note, updated_at)
         select x."indicatorId", x.year, x.value, x.women, x.men, 'Kolada', $2, null, $2
           from json_to_recordset($1::json) as x("indicatorId" uuid, year int, value double precision, women double precision, men double precision)
          where exists (select 1 from indicator i where i.id = x."indicatorId")
         on conflict (indicator_id, year) do update set value = excluded.value, women = excluded.women, men = excluded.men,
                fetched_at = excluded.fetched_at, updated_at = excluded.updated_at
          where indicator_value.source = 'Kolada'`,
        [JSON.stringify(chunk), fetchedAt],
        tx,
      );
    }
  }

  /** Marks a successful fetch: state ok, `at` now, no message. */
  async markSynced(tx: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await this.sql.execute(`update indicator set sync_state = 'ok', sync_at = $2, sync_message = null where id = any($1::uuid[])`, [ids, at], tx);
  }

  /** Marks a failed fetch: state failing with the reason; `at` (the last good fetch) and the values stay. */
  async markFailing(ids: readonly string[], message: string): Promise<void> {
    if (!ids.length) return;
    await this.sql.execute(
      `update indicator set sync_state = 'failing', sync_message = $2 where id = any($1::uuid[]) and (sync_state <> 'failing' or sync_message is distinct from $2)`,
      [ids, message],
    );
  }

  /** Per case (by id), targets met and targets with a value, for the overview. */
  targetCounts(caseIds: readonly string[]): Promise<Array<{ case_id: string; met: number; total: number }>> {
    return this.sql.query(
      `select i.case_id,
              count(*) filter (where case when i.direction = 'higher' then l.value >= i.target else l.value <= i.target end)::int as met,
              count(*)::int as total
         from indicator i
         join lateral (select v.value from indicator_value v where v.indicator_id = i.id and v.value is not null order by v.year desc limit 1) l on true
        where i.case_id = any($1::uuid[]) and i.target is not null
        group by i.case_id`,
      [caseIds],
    );
  }
}
