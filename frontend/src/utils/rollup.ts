import type { Overview, OverviewCount, OverviewGroup } from '@uppsikt/shared';
import { FILL } from './scale';

/** The levels the Översikt offers: by kind, by body, every parent, or the level below one case. */
export type OverviewLevel = 'kind' | 'body' | 'parent' | `under:${string}`;

export function levelQuery(level: OverviewLevel): { groupBy: 'kind' | 'body' | 'parent'; under?: string } {
  if (level.startsWith('under:')) return { groupBy: 'parent', under: level.slice('under:'.length) };
  return { groupBy: level as 'kind' | 'body' | 'parent' };
}

/** Chart fills per scale colour, and for reports not submitted ('none'); text on them ≥ 4.5:1. */
export function fillOf(colour: OverviewCount['colour'] | 'none'): { bg: string; fg: string } {
  return FILL[colour];
}

/** "26/31 · 4/31 · 1/31": each value's count of the group's reports, in scale order. */
export function summaryParts(group: Pick<OverviewGroup, 'counts' | 'total'>): Array<{ value: string; colour: OverviewCount['colour']; text: string }> {
  return group.counts.map((c) => ({ value: c.value, colour: c.colour, text: `${c.count}/${group.total}` }));
}

/** Every value the groups count, once, in the order they first appear (the legend). */
export function legendOf(groups: readonly OverviewGroup[]): Array<{ value: string; colour: OverviewCount['colour'] }> {
  const seen = new Map<string, OverviewCount['colour']>();
  for (const g of groups) for (const c of g.counts) if (!seen.has(c.value)) seen.set(c.value, c.colour);
  return [...seen.entries()].map(([value, colour]) => ({ value, colour }));
}

/**
 * The cases one level above the parent groups (a programme above its focus areas): each can be
 * chosen to roll up the level below it (groupBy=parent&under=REF). In first-seen order.
 */
export function upperLevels(byParent: Overview | null): Array<{ reference: string; name: string }> {
  const seen = new Map<string, string>();
  for (const g of byParent?.groups ?? []) if (g.parent && !seen.has(g.parent.reference)) seen.set(g.parent.reference, g.parent.name);
  return [...seen.entries()].map(([reference, name]) => ({ reference, name }));
}
