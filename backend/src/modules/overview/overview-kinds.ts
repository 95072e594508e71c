import { Injectable } from '@nestjs/common';
import { CASE_KIND_PLURAL_LABELS, CASE_KINDS, STATUS_SCALES, type CaseKind, type OverviewCount } from '@uppsikt/shared';

/** What the overview needs of a kind: its plural name, its position and its scale (values best first, colours). */
export interface OverviewKind {
  key: string;
  plural: string;
  position: number;
  scale: ReadonlyArray<{ value: string; colour: OverviewCount['colour'] }>;
}

/** The built-in grouping levels of API.md, until the Kind table holds them. */
const GROUP_LEVEL_SCALE = [
  { value: 'Enligt plan', colour: 'green' },
  { value: 'Mer arbete krävs', colour: 'yellow' },
] as const;
const GROUP_LEVELS: Record<string, Omit<OverviewKind, 'key'>> = {
  programme: { plural: 'Program', position: CASE_KINDS.length, scale: GROUP_LEVEL_SCALE },
  focus_area: { plural: 'Fokusområden', position: CASE_KINDS.length + 1, scale: GROUP_LEVEL_SCALE },
};

/**
 * The kinds as the overview reads them. Today from the shared scales; when the Kind table lands
 * this reads the kinds registry instead (same shape: plural, position, scale), and nothing else
 * in the overview changes. An unknown key (a kind removed since) gets its key as name and no scale.
 */
@Injectable()
export class OverviewKinds {
  async all(): Promise<Map<string, OverviewKind>> {
    const kinds = new Map<string, OverviewKind>();
    CASE_KINDS.forEach((key: CaseKind, position) => kinds.set(key, { key, plural: CASE_KIND_PLURAL_LABELS[key], position, scale: STATUS_SCALES[key] }));
    for (const [key, k] of Object.entries(GROUP_LEVELS)) kinds.set(key, { key, ...k });
    return kinds;
  }
}
