import { INDICATOR_DIRECTIONS, MAX_INDICATOR_MAGNITUDE, MAX_INDICATOR_YEAR, MIN_INDICATOR_YEAR, type Indicator, type IndicatorDirection, type KoladaGender } from '@uppsikt/shared';

/**
 * The indicator form (add or change a case's nyckeltal) as plain data: the fields as typed, their
 * checks (mirroring the shared IndicatorCreate schema; the API has the last word), and the body sent.
 * Kept out of the component so that it is tested on its own and brings no zod into the bundle.
 */

/** A number as typed in Swedish: "1 800", "1,5", "−3"; '' is null; anything else is NaN. */
export function parseTyped(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/gu, '').replace(/^\u2212/u, '-').replace(',', '.');
  if (!s) return null;
  return /^[-+]?\d+(?:\.\d+)?$/u.test(s) ? Number(s) : NaN;
}

/** A number shown for editing in Swedish style: 12.5 → "12,5"; null → ''. */
export function typedOf(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : String(n).replace('.', ',');
}

export interface IndicatorDraft {
  name: string;
  unit: string;
  direction: IndicatorDirection | '';
  target: string;
  targetYear: string;
  baseline: string;
  kpi: string;
  gender: KoladaGender;
}

export interface IndicatorBody {
  name: string;
  unit: string | null;
  direction: IndicatorDirection;
  target: number | null;
  targetYear: number | null;
  baseline: number | null;
  kolada: { kpi: string; gender: KoladaGender } | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** The form's fields, empty for a new indicator or filled from one to change. */
export function draftOf(i?: Indicator | null): IndicatorDraft {
  return {
    name: i?.name ?? '',
    unit: i?.unit ?? '',
    direction: i?.direction ?? '',
    target: typedOf(i?.target),
    targetYear: i?.targetYear ? String(i.targetYear) : '',
    baseline: typedOf(i?.baseline),
    kpi: i?.kolada?.kpi ?? '',
    gender: i?.kolada?.gender ?? 'T',
  };
}

const KPI_RE = /^[A-Z]{1,2}\d{3,7}$/u;
const MAX_NAME = 300;
const MAX_UNIT = 40;

/** Messages in the user's language, looked up by the caller (vue-i18n's `t`). */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** Checks the fields; the body to send when there is no problem. */
export function checkDraft(d: IndicatorDraft, t: Translate): { problems: FieldProblem[]; body: IndicatorBody | null } {
  const problems: FieldProblem[] = [];
  const name = d.name.trim();
  if (!name) problems.push({ path: 'name', message: t('indicators.form.errors.name') });
  else if (name.length > MAX_NAME) problems.push({ path: 'name', message: t('indicators.form.errors.tooLong', { max: MAX_NAME }) });
  const unit = d.unit.trim();
  if (unit.length > MAX_UNIT) problems.push({ path: 'unit', message: t('indicators.form.errors.tooLong', { max: MAX_UNIT }) });
  if (!(INDICATOR_DIRECTIONS as readonly string[]).includes(d.direction)) problems.push({ path: 'direction', message: t('indicators.form.errors.direction') });
  const figures: Record<'target' | 'baseline', number | null> = { target: null, baseline: null };
  for (const f of ['target', 'baseline'] as const) {
    const n = parseTyped(d[f]);
    if (Number.isNaN(n)) problems.push({ path: f, message: t('indicators.entry.notNumber') });
    else if (n !== null && Math.abs(n) > MAX_INDICATOR_MAGNITUDE) problems.push({ path: f, message: t('indicators.form.errors.tooLarge') });
    else figures[f] = n;
  }
  let targetYear: number | null = null;
  const year = d.targetYear.trim();
  if (year) {
    const y = /^\d{4}$/u.test(year) ? Number(year) : NaN;
    if (Number.isNaN(y) || y < MIN_INDICATOR_YEAR || y > MAX_INDICATOR_YEAR) problems.push({ path: 'targetYear', message: t('indicators.form.errors.year', { min: MIN_INDICATOR_YEAR, max: MAX_INDICATOR_YEAR }) });
    else targetYear = y;
  }
  const kpi = d.kpi.trim().toUpperCase();
  if (kpi && !KPI_RE.test(kpi)) problems.push({ path: 'kolada.kpi', message: t('indicators.form.errors.kpi') });
  if (problems.length) return { problems, body: null };
  return {
    problems,
    body: {
      name,
      unit: unit || null,
      direction: d.direction as IndicatorDirection,
      target: figures.target,
      targetYear,
      baseline: figures.baseline,
      kolada: kpi ? { kpi, gender: d.gender } : null,
    },
  };
}

/** The server's 400 details on the form's fields: `body.kolada.kpi` → `kolada.kpi`. */
export function serverProblems(details: readonly FieldProblem[]): FieldProblem[] {
  return details.map((d) => ({ path: d.path.replace(/^body\./u, ''), message: d.message }));
}

/** The id of the form control a problem belongs to (`kolada.kpi` → `<prefix>-kpi`). */
export function fieldOf(path: string): keyof IndicatorDraft {
  if (path.startsWith('kolada.gender')) return 'gender';
  if (path.startsWith('kolada')) return 'kpi';
  const head = path.split('.')[0];
  return (['name', 'unit', 'direction', 'target', 'targetYear', 'baseline'] as const).find((f) => f === head) ?? 'name';
}
