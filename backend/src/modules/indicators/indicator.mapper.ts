import { indicatorMet, type Indicator } from '@uppsikt/shared';
import type { IndicatorRow } from './indicator.repository.js';

/** An indicator row as the API shows it: `latest` is the newest year with a value, `met` compares it with the target. */
export function toIndicator(r: IndicatorRow): Indicator {
  let latest: Indicator['latest'] = null;
  for (const v of r.values) if (v.value !== null && (!latest || v.year > latest.year)) latest = { year: v.year, value: v.value };
  return {
    id: r.id,
    case: r.case_reference,
    name: r.name,
    unit: r.unit,
    direction: r.direction,
    target: r.target,
    targetYear: r.target_year,
    baseline: r.baseline,
    kolada: r.kolada_kpi ? { kpi: r.kolada_kpi, gender: r.kolada_gender ?? 'T' } : null,
    values: r.values.map((v) => ({ year: v.year, value: v.value, women: v.women, men: v.men, source: v.source, fetchedAt: v.fetchedAt, note: v.note })),
    latest,
    met: indicatorMet(r.direction, r.target, latest?.value),
    sync: { state: r.sync_state, at: r.sync_at, message: r.sync_message },
    version: r.version,
  };
}

/** The fields of an indicator as the case history records them. */
export function indicatorSnapshot(r: Pick<IndicatorRow, 'name' | 'unit' | 'direction' | 'target' | 'target_year' | 'baseline' | 'kolada_kpi' | 'kolada_gender'>): Record<string, unknown> {
  return {
    name: r.name,
    unit: r.unit,
    direction: r.direction,
    target: r.target,
    targetYear: r.target_year,
    baseline: r.baseline,
    kolada: r.kolada_kpi ? `${r.kolada_kpi} (${r.kolada_gender ?? 'T'})` : null,
  };
}

/** A year's value as the case history records it (null: no value). */
export function valueSnapshot(v: { value: number | null; women: number | null; men: number | null; note?: string | null; source?: string } | undefined | null): Record<string, unknown> | null {
  if (!v) return null;
  return { value: v.value, women: v.women, men: v.men, ...(v.note ? { note: v.note } : {}), ...(v.source ? { source: v.source } : {}) };
}
