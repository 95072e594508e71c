import { z } from 'zod';
import { INDICATOR_SOURCES, KOLADA_GENDERS, MAX_INDICATOR_MAGNITUDE, MAX_INDICATOR_YEAR, MIN_INDICATOR_YEAR, INDICATOR_DIRECTIONS, SYNC_STATES } from './indicator-figures.js';

/**
 * Indicators (nyckeltal): measured figures on a case, with a target and yearly values typed in
 * or fetched from Kolada (API.md "Indicators (nyckeltal) and Kolada").
 */

const figure = z
  .number({ error: 'Ange ett tal' })
  .min(-MAX_INDICATOR_MAGNITUDE, `Talet får vara högst ${MAX_INDICATOR_MAGNITUDE} till beloppet`)
  .max(MAX_INDICATOR_MAGNITUDE, `Talet får vara högst ${MAX_INDICATOR_MAGNITUDE} till beloppet`);
export const indicatorYear = z
  .number({ error: 'Ange ett årtal' })
  .int('Ange ett helt årtal')
  .min(MIN_INDICATOR_YEAR, `Årtalet ska ligga mellan ${MIN_INDICATOR_YEAR} och ${MAX_INDICATOR_YEAR}`)
  .max(MAX_INDICATOR_YEAR, `Årtalet ska ligga mellan ${MIN_INDICATOR_YEAR} och ${MAX_INDICATOR_YEAR}`);
/** A Kolada KPI id such as N00945 or U07414 (upper-cased). */
export const koladaKpi = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}\d{3,7}$/u, 'Ett Kolada-id skrivs som N00945');

export const KoladaLink = z.strictObject({ kpi: koladaKpi, gender: z.enum(KOLADA_GENDERS).default('T') });

export const IndicatorValue = z.object({
  year: z.number().int(),
  value: z.number().nullable(),
  women: z.number().nullable(),
  men: z.number().nullable(),
  source: z.enum(INDICATOR_SOURCES),
  /** When Kolada's value was fetched (null for manual values). */
  fetchedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const Indicator = z.object({
  id: z.string(),
  case: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  direction: z.enum(INDICATOR_DIRECTIONS),
  target: z.number().nullable(),
  targetYear: z.number().int().nullable(),
  baseline: z.number().nullable(),
  kolada: z.object({ kpi: z.string(), gender: z.enum(KOLADA_GENDERS) }).nullable(),
  /** Oldest first. */
  values: z.array(IndicatorValue),
  /** The newest year with a value. */
  latest: z.object({ year: z.number().int(), value: z.number() }).nullable(),
  /** Whether `latest` reaches `target` in the indicator's direction; null without either. */
  met: z.boolean().nullable(),
  /** The Kolada fetch: `at` is the last successful one; `message` why the latest failed. */
  sync: z.object({ state: z.enum(SYNC_STATES), at: z.string().nullable(), message: z.string().nullable() }),
  version: z.number().int(),
});
export type Indicator = z.infer<typeof Indicator>;

const name = z.string().trim().min(1, 'Namn saknas').max(300);
const unit = z.string().trim().max(40).nullable();

export const IndicatorCreate = z.strictObject({
  name,
  unit: unit.optional(),
  direction: z.enum(INDICATOR_DIRECTIONS),
  target: figure.nullable().optional(),
  targetYear: indicatorYear.nullable().optional(),
  baseline: figure.nullable().optional(),
  kolada: KoladaLink.nullable().optional(),
});
export type IndicatorCreate = z.infer<typeof IndicatorCreate>;

export const IndicatorPatch = z.strictObject({
  name: name.optional(),
  unit: unit.optional(),
  direction: z.enum(INDICATOR_DIRECTIONS).optional(),
  target: figure.nullable().optional(),
  targetYear: indicatorYear.nullable().optional(),
  baseline: figure.nullable().optional(),
  kolada: KoladaLink.nullable().optional(),
  version: z.number().int().min(1),
});
export type IndicatorPatch = z.infer<typeof IndicatorPatch>;

/** A year's value typed by hand; `value: null` (with no women/men) removes the year's manual value. */
export const IndicatorValuePut = z.strictObject({
  value: figure.nullable(),
  women: figure.nullable().optional(),
  men: figure.nullable().optional(),
  note: z.string().trim().max(1000).nullable().optional(),
  version: z.number().int().min(1).optional(),
});
export type IndicatorValuePut = z.infer<typeof IndicatorValuePut>;

/** `GET /api/indicators`: every indicator, or only those off target (`met=false`) or on target (`met=true`). */
export const IndicatorListQuery = z.strictObject({ met: z.enum(['true', 'false']).optional() });

export const IndicatorSyncResponse = z.object({ queued: z.boolean(), message: z.string() });
