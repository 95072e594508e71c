import type { Kind } from './schemas.js';
import type { ScaleValue } from './scales.js';

const ASSIGNMENT: ScaleValue[] = [
  { value: 'Genomfört', colour: 'green' },
  { value: 'Delvis genomfört', colour: 'yellow' },
  { value: 'Inte genomfört', colour: 'red' },
];
const GOAL: ScaleValue[] = [
  { value: 'Helt uppfyllt', colour: 'green' },
  { value: 'Delvis uppfyllt', colour: 'yellow' },
  { value: 'Inte uppfyllt', colour: 'red' },
];
const PLAN: ScaleValue[] = [
  { value: 'Enligt plan', colour: 'green' },
  { value: 'Mer arbete krävs', colour: 'yellow' },
];

const kind = (k: Omit<Kind, 'terms' | 'reported' | 'builtIn' | 'version'>): Kind => ({ ...k, terms: ['T1', 'T2', 'T3'], reported: true, builtIn: true, version: 1 });

/**
 * The kinds a fresh installation starts with (the rows the kind table is seeded with), in their
 * `position` order. The API reads kinds from the table only; this copy is for tests and as the web
 * app's fallback while `/api/kinds` has not answered.
 */
export const BUILT_IN_KINDS: readonly Kind[] = [
  kind({ key: 'goal', name: 'KF-mål', plural: 'KF-mål', scale: GOAL, asksForecast: ['T1', 'T2'], asksTrend: false, asksSummary: false, position: 1 }),
  kind({ key: 'assignment', name: 'KF-uppdrag', plural: 'KF-uppdrag', scale: ASSIGNMENT, asksForecast: ['T1', 'T2'], asksTrend: false, asksSummary: false, position: 2 }),
  kind({ key: 'supplementary_assignment', name: 'Tilläggsuppdrag', plural: 'Tilläggsuppdrag', scale: ASSIGNMENT, asksForecast: ['T1', 'T2'], asksTrend: false, asksSummary: false, position: 3 }),
  kind({ key: 'programme', name: 'Program', plural: 'Program', scale: PLAN, asksForecast: [], asksTrend: true, asksSummary: true, position: 4 }),
  kind({ key: 'focus_area', name: 'Fokusområde', plural: 'Fokusområden', scale: PLAN, asksForecast: [], asksTrend: true, asksSummary: true, position: 5 }),
  kind({ key: 'programme_priority', name: 'Programprioritering', plural: 'Programprioriteringar', scale: PLAN, asksForecast: ['T1', 'T2'], asksTrend: true, asksSummary: true, position: 6 }),
];

/** A built-in kind by key (tests and the web app's fallback). */
export function builtInKind(key: string): Kind | undefined {
  return BUILT_IN_KINDS.find((k) => k.key === key);
}
