import { Injectable } from '@nestjs/common';
import { koladaKpi, MAX_INDICATOR_MAGNITUDE, MAX_INDICATOR_YEAR, MIN_INDICATOR_YEAR, type IndicatorDirection, type KoladaGender } from '@uppsikt/shared';
import { AuditService, diff } from '../audit/audit.service.js';
import { indicatorSnapshot, valueSnapshot } from '../indicators/indicator.mapper.js';
import { IndicatorRepository, type IndicatorFields, type IndicatorRow } from '../indicators/indicator.repository.js';
import { INDICATOR_COLUMNS, type IndicatorColumnKey } from './columns.js';
import { matchHeaders } from './headers.js';
import type { ImportContext, ImportCounts, Importer } from './import-context.js';
import { isBlankRow, type Table, type TableRow } from './table.js';

type Existing = IndicatorRow & { case_id: string };

interface PlannedValue {
  year: number;
  value: number | null;
  women: number | null;
  men: number | null;
  note: string | null;
}

interface PlannedIndicator {
  caseId: string;
  reference: string;
  existing: Existing | null;
  fields: IndicatorFields;
  values: PlannedValue[];
  changes: Record<string, { before: unknown; after: unknown }>;
  /** The KPI or gender changes: the values fetched for the old one go. */
  dropKolada: boolean;
}

export interface IndicatorPlan {
  counts: ImportCounts;
  indicators: PlannedIndicator[];
}

const NAME = Object.fromEntries(INDICATOR_COLUMNS.map((c) => [c.key, c.name])) as Record<IndicatorColumnKey, string>;
const FIELD_KEYS = ['unit', 'direction', 'target', 'targetYear', 'baseline', 'kpi', 'gender'] as const;

/**
 * Indicators file (README "Indicators"): `Referens;Indikator;Enhet;Riktning;Målvärde;Målår;Utgångsvärde;
 * Kolada-KPI;Kön;År;Värde;Kvinnor;Män;Källa;Not`, one row per indicator and year (a row without `År`
 * describes the indicator only). An indicator is its case's reference and its name; an existing one
 * is updated from the columns present in the file. Rows with `Källa` Kolada are Kolada's and are
 * not read; a year fetched from Kolada is not typed over (an error, as the API's 409).
 */
@Injectable()
export class IndicatorImporter implements Importer<IndicatorPlan> {
  constructor(
    private readonly repo: IndicatorRepository,
    private readonly audit: AuditService,
  ) {}

  async plan(ctx: ImportContext, table: Table): Promise<IndicatorPlan> {
    const { em, problems } = ctx;
    const cols = matchHeaders(table.headers, INDICATOR_COLUMNS, problems);
    const plan: IndicatorPlan = { counts: { created: 0, updated: 0, unchanged: 0 }, indicators: [] };
    if (problems.errors.length) return plan;
    const col = (key: IndicatorColumnKey) => cols.name(key, NAME[key]);
    const rows = table.rows.filter((r) => !isBlankRow(r.cells));

    const refs = [...new Set(rows.map((r) => cols.get(r, 'reference')).filter(Boolean))];
    const cases = new Map((await this.repo.casesByReference(em, refs)).map((c) => [c.reference, c.id]));
    const existing = new Map<string, Existing>();
    for (const i of await this.repo.ofCasesForWrite(em, [...cases.values()])) existing.set(key(i.case_reference, i.name), i);

    // Rows grouped by indicator, in file order.
    const groups = new Map<string, { reference: string; name: string; rows: TableRow[] }>();
    for (const row of rows) {
      const reference = cols.get(row, 'reference');
      const name = cols.get(row, 'name');
      if (!reference) problems.error(row.row, col('reference'), 'Referens saknas');
      else if (!cases.has(reference)) problems.error(row.row, col('reference'), `Ärendet ${reference} finns inte (importera ärendena först)`);
      if (!name) problems.error(row.row, col('name'), 'Indikatorns namn saknas');
      else if (name.length > 300) problems.error(row.row, col('name'), 'Högst 300 tecken');
      if (!reference || !name || !cases.has(reference) || name.length > 300) continue;
      const k = key(reference, name);
      const g = groups.get(k) ?? { reference, name: existing.get(k)?.name ?? name, rows: [] };
      g.rows.push(row);
      groups.set(k, g);
    }

    for (const [k, g] of groups) {
      const current = existing.get(k) ?? null;
      const first = g.rows[0].row;
      // Each indicator field: the group's one non-empty value (rows that disagree are an error).
      const given = {} as Record<(typeof FIELD_KEYS)[number], { text: string; row: number } | null>;
      for (const f of FIELD_KEYS) {
        given[f] = null;
        if (!cols.has(f)) continue;
        for (const row of g.rows) {
          const text = cols.get(row, f);
          if (!text) continue;
          const seen = given[f] as { text: string; row: number } | null;
          if (seen && seen.text !== text) problems.error(row.row, col(f), `"${text}" skiljer sig från "${seen.text}" på rad ${seen.row} för samma indikator`);
          else if (!seen) given[f] = { text, row: row.row };
        }
      }
      const at = (f: (typeof FIELD_KEYS)[number]) => given[f]?.row ?? first;
      const num = (f: 'target' | 'baseline') => {
        if (!cols.has(f)) return current ? current[f] : null;
        if (!given[f]) return null;
        const n = parseNumber(given[f].text);
        if (n === null) problems.error(at(f), col(f), `"${given[f].text}" är inget tal`);
        return n;
      };
      let direction: IndicatorDirection | null = current?.direction ?? null;
      if (cols.has('direction') && given.direction) {
        direction = parseDirection(given.direction.text);
        if (!direction) problems.error(at('direction'), col('direction'), `Okänd riktning "${given.direction.text}" (Högre är bättre eller Lägre är bättre)`);
      } else if (!current) problems.error(first, col('direction'), 'Riktning saknas för en ny indikator (Högre är bättre eller Lägre är bättre)');
      let targetYear = current?.target_year ?? null;
      if (cols.has('targetYear')) {
        targetYear = given.targetYear ? parseYear(given.targetYear.text) : null;
        if (given.targetYear && targetYear === null) problems.error(at('targetYear'), col('targetYear'), `Ogiltigt år "${given.targetYear.text}"`);
      }
      let kpi = current?.kolada_kpi ?? null;
      let gender: KoladaGender | null = current?.kolada_gender ?? null;
      if (cols.has('kpi')) {
        kpi = null;
        if (given.kpi) {
          const parsed = koladaKpi.safeParse(given.kpi.text);
          if (parsed.success) kpi = parsed.data;
          else problems.error(at('kpi'), col('kpi'), `Ogiltigt Kolada-id "${given.kpi.text}" (t.ex. N00945)`);
        }
      }
      if (cols.has('gender') || cols.has('kpi')) {
        const g2 = given.gender ? parseGender(given.gender.text) : 'T';
        if (!g2) problems.error(at('gender'), col('gender'), `Okänt kön "${given.gender!.text}" (Totalt, Kvinnor eller Män)`);
        gender = kpi ? (g2 ?? 'T') : null;
      }
      const unit = cols.has('unit') ? (given.unit?.text ?? null) : (current?.unit ?? null);
      if (unit && unit.length > 40) problems.error(at('unit'), col('unit'), 'Högst 40 tecken');
      const fields: IndicatorFields = { name: g.name, unit, direction: direction ?? 'higher', target: num('target'), targetYear, baseline: num('baseline'), koladaKpi: kpi, koladaGender: gender };
      const dropKolada = Boolean(current && kpi && (kpi !== current.kolada_kpi || gender !== current.kolada_gender));

      // Values, one row a year.
      const years = new Map<number, number>();
      const values: PlannedValue[] = [];
      const rowState = new Map<number, 'created' | 'updated' | 'unchanged'>();
      for (const row of g.rows) {
        rowState.set(row.row, 'unchanged');
        const yearText = cols.get(row, 'year');
        const source = cols.get(row, 'source').toLocaleLowerCase('sv-SE');
        if (!yearText) {
          for (const f of ['value', 'women', 'men'] as const) if (cols.get(row, f)) problems.error(row.row, col('year'), 'År saknas för värdet');
          continue;
        }
        const year = parseYear(yearText);
        if (year === null) {
          problems.error(row.row, col('year'), `Ogiltigt år "${yearText}" (${MIN_INDICATOR_YEAR}–${MAX_INDICATOR_YEAR})`);
          continue;
        }
        if (years.has(year)) {
          problems.error(row.row, col('year'), `År ${year} finns redan på rad ${years.get(year)} för samma indikator`);
          continue;
        }
        years.set(year, row.row);
        if (source === 'kolada') continue; // Kolada's own figures: fetched, not imported
        if (source && source !== 'manuell' && source !== 'manual' && source !== 'för hand') problems.warning(row.row, col('source'), `Källan "${cols.get(row, 'source')}" läses som ett värde skrivet för hand`);
        const read = (f: 'value' | 'women' | 'men') => {
          const text = cols.get(row, f);
          if (!text) return null;
          const n = parseNumber(text);
          if (n === null) problems.error(row.row, col(f), `"${text}" är inget tal`);
          return n;
        };
        const v: PlannedValue = { year, value: read('value'), women: read('women'), men: read('men'), note: cols.text(row, 'note').trim() || null };
        if (v.note && v.note.length > 1000) problems.error(row.row, col('note'), 'Högst 1 000 tecken');
        if (v.value === null && !cols.get(row, 'value')) problems.error(row.row, col('value'), 'Värde saknas');
        const old = current?.values.find((x) => x.year === year);
        if (old?.source === 'Kolada' && kpi && !dropKolada) {
          problems.error(row.row, col('value'), `Värdet för ${year} är hämtat från Kolada och kan inte ändras för hand`);
          continue;
        }
        const same = old && old.source === 'manual' && old.value === v.value && old.women === v.women && old.men === v.men && (old.note ?? null) === v.note;
        if (same) continue;
        values.push(v);
        rowState.set(row.row, current ? 'updated' : 'created');
      }

      const before = current ? indicatorSnapshot(current) : {};
      const after = indicatorSnapshot({ name: fields.name, unit: fields.unit, direction: fields.direction, target: fields.target, target_year: fields.targetYear, baseline: fields.baseline, kolada_kpi: fields.koladaKpi, kolada_gender: fields.koladaGender });
      const changes = diff(before, after);
      if (dropKolada) for (const v of current!.values.filter((x) => x.source === 'Kolada')) changes[`values.${v.year}`] = { before: valueSnapshot(v), after: null };
      for (const v of values) changes[`values.${v.year}`] = { before: valueSnapshot(current?.values.find((x) => x.year === v.year)), after: valueSnapshot({ ...v, source: 'manual' }) };
      if (!current) rowState.set(first, 'created');
      else if (Object.keys(diff(before, after)).length && rowState.get(first) === 'unchanged') rowState.set(first, 'updated');
      for (const state of rowState.values()) plan.counts[state]++;
      if (Object.keys(changes).length || !current) plan.indicators.push({ caseId: cases.get(g.reference)!, reference: g.reference, existing: current, fields, values, changes, dropKolada });
    }
    return plan;
  }

  async apply(ctx: ImportContext, plan: IndicatorPlan): Promise<void> {
    const { em, now } = ctx;
    let created = 0;
    for (const p of plan.indicators) {
      let id: string;
      // A case's indicators are listed by creation: a millisecond apart keeps the file's order.
      if (!p.existing) id = await this.repo.insert(em, p.caseId, p.fields, new Date(now.getTime() + created++));
      else {
        id = p.existing.id;
        if (p.dropKolada) await this.repo.deleteKoladaValues(em, id);
        const linkChanged = p.fields.koladaKpi !== p.existing.kolada_kpi || p.fields.koladaGender !== p.existing.kolada_gender;
        await this.repo.update(em, id, p.fields, linkChanged, now);
      }
      for (const v of p.values) await this.repo.upsertManual(em, id, v.year, v, now);
      this.audit.record(em, ctx.actor, { action: 'indicator.imported', entity: 'indicator', entityId: id, caseReference: p.reference, changes: p.changes });
    }
  }
}

function key(reference: string, name: string): string {
  return `${reference}\u0000${name.toLocaleLowerCase('sv-SE').replace(/\s+/gu, ' ')}`;
}

/** A number as Swedish spreadsheets write it: `2 000`, `1,5`, `−3`, `12.5`; null when it is none or out of range. */
export function parseNumber(raw: string): number | null {
  let text = raw.replace(/[\s\u00a0\u202f]/gu, '').replace(/^\u2212/u, '-');
  if (text.includes(',') && !text.includes('.')) text = text.replace(',', '.');
  if (!/^[-+]?\d+(?:\.\d+)?$/u.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= MAX_INDICATOR_MAGNITUDE ? n : null;
}

function parseYear(raw: string): number | null {
  if (!/^\d{4}$/u.test(raw.trim())) return null;
  const y = Number(raw.trim());
  return y >= MIN_INDICATOR_YEAR && y <= MAX_INDICATOR_YEAR ? y : null;
}

function parseDirection(raw: string): IndicatorDirection | null {
  const t = raw.trim().toLocaleLowerCase('sv-SE');
  if (/^(högre|higher|öka|ökande|\+)( är bättre)?$/u.test(t)) return 'higher';
  if (/^(lägre|lower|minska|minskande|-)( är bättre)?$/u.test(t)) return 'lower';
  return null;
}

function parseGender(raw: string): KoladaGender | null {
  const t = raw.trim().toLocaleLowerCase('sv-SE');
  if (['t', 'totalt', 'total', 'alla'].includes(t)) return 'T';
  if (['k', 'kvinnor', 'kvinna', 'flickor'].includes(t)) return 'K';
  if (['m', 'män', 'man', 'pojkar'].includes(t)) return 'M';
  return null;
}
