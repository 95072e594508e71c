import { z } from 'zod';
import { SCALE_COLOURS } from './scales.js';
import { caseReference, periodIdField } from './schemas.js';

/**
 * The roll-up of `GET /api/overview` (issue 14, item 5): a period's reports counted per group by
 * the status of those submitted or approved. The same numbers for every role that may read the
 * period: nothing in the answer depends on who asks.
 */
export const OVERVIEW_GROUP_BY = ['kind', 'body', 'parent'] as const;
export type OverviewGroupBy = (typeof OVERVIEW_GROUP_BY)[number];

export const OverviewQuery = z.object({
  period: periodIdField,
  groupBy: z.enum(OVERVIEW_GROUP_BY, { error: 'Gruppera efter kind, body eller parent' }).default('kind'),
  /** Only the subtree below this case (the case itself excluded), as `GET /api/cases?under=`. */
  under: caseReference.optional(),
});
export type OverviewQuery = z.infer<typeof OverviewQuery>;

export const OverviewCount = z.object({
  value: z.string(),
  colour: z.enum(SCALE_COLOURS),
  count: z.number().int(),
});
export type OverviewCount = z.infer<typeof OverviewCount>;

export const OverviewGroup = z.object({
  /** Kind key, body code or the parent's reference; null for the cases without a parent (groupBy=parent). */
  key: z.string().nullable(),
  name: z.string(),
  /** Reports of the period in the group. */
  total: z.number().int(),
  /** Reports in the group without a submitted or approved status (not started, draft, returned). */
  notReported: z.number().int(),
  /** Per value of the group's kinds' scales, in scale order (kinds in their order), zeros included. */
  counts: z.array(OverviewCount),
  targetsMet: z.number().int(),
  targetsTotal: z.number().int(),
  /** groupBy=parent: the case one level above the group's case (null at the top); null for the other groupings. */
  parent: z.object({ reference: z.string(), name: z.string() }).nullable(),
});
export type OverviewGroup = z.infer<typeof OverviewGroup>;

export const Overview = z.object({
  period: z.string(),
  groupBy: z.enum(OVERVIEW_GROUP_BY),
  under: z.string().nullable(),
  groups: z.array(OverviewGroup),
});
export type Overview = z.infer<typeof Overview>;

/** A group's counts as the evaluation writes them: "26/31 · 4/31 · 1/31". */
export function overviewSummary(group: Pick<OverviewGroup, 'counts' | 'total'>): string {
  return group.counts.map((c) => `${c.count}/${group.total}`).join(' · ');
}
