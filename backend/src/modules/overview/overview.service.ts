import { Injectable } from '@nestjs/common';
import type { Kind, Overview, OverviewCount, OverviewGroup, OverviewQuery } from '@uppsikt/shared';
import { badRequest } from '../../common/errors.js';
import { ReadCache } from '../../infra/cache/read-cache.js';
import { Scope } from '../../infra/cache/scope.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { OverviewRepository, type OverviewRow, type TargetCounts } from './overview.repository.js';

/** What the roll-up reads of a kind (from the kind table). */
export type OverviewKind = Pick<Kind, 'plural' | 'position' | 'scale'>;

/** The name of the group of cases that have no parent (groupBy=parent). */
export const NO_PARENT_NAME = 'Utan överordnad';

/**
 * `GET /api/overview`: a period's reports counted per kind, body or parent. Only submitted and
 * approved reports give a status, so the answer does not depend on who asks: one cached body
 * serves every role (readers may read every period's submitted and approved reports, and the
 * counts hold nothing else; `notReported` says how many reports have no such status, which the
 * case list already tells anyone who may log in).
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly repo: OverviewRepository,
    private readonly kinds: KindRegistry,
    private readonly cache: ReadCache,
  ) {}

  /** The overview as JSON, kept until a case, a body, a kind (names, scales, colours), one of the period's reports or an indicator changes. */
  get(q: OverviewQuery): Promise<Buffer> {
    const under = q.under ?? null;
    const scopes = [Scope.cases(), Scope.kinds(), Scope.reports(q.period), Scope.indicators()];
    return this.cache.json(`overview|${JSON.stringify([q.period, q.groupBy, under])}`, scopes, () => this.load(q.period, q.groupBy, under));
  }

  private async load(period: string, groupBy: OverviewQuery['groupBy'], under: string | null): Promise<Overview> {
    const [exists, underId] = await Promise.all([this.repo.periodExists(period), under ? this.repo.caseId(under) : null]);
    if (!exists) throw badRequest(`Perioden ${period} finns inte`, [{ path: 'period', message: 'Okänd period' }]);
    if (under && !underId) throw badRequest(`Ärendet ${under} finns inte`, [{ path: 'under', message: 'Okänt ärende' }]);
    const [rows, targets, kinds] = await Promise.all([this.repo.counts(period, groupBy, underId), this.repo.targets(period, groupBy, underId), this.kinds.byKey()]);
    return { period, groupBy, under, groups: rollUp(rows, groupBy, kinds, targets) };
  }
}

/** Groups the rows (which come in group order) and counts each group by the values of its kinds' scales. */
export function rollUp(rows: readonly OverviewRow[], groupBy: OverviewQuery['groupBy'], kinds: ReadonlyMap<string, OverviewKind>, targets: TargetCounts): OverviewGroup[] {
  const byKey = new Map<string | null, OverviewRow[]>();
  for (const r of rows) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const position = (kind: string) => kinds.get(kind)?.position ?? Number.MAX_SAFE_INTEGER;
  const groups = [...byKey.entries()].map(([key, list]): OverviewGroup => {
    const counts: OverviewCount[] = [];
    const at = new Map<string, OverviewCount>();
    const ofKinds = [...new Set(list.map((r) => r.kind))].sort((a, b) => position(a) - position(b) || a.localeCompare(b));
    for (const kind of ofKinds) {
      for (const v of kinds.get(kind)?.scale ?? []) {
        if (at.has(v.value)) continue;
        const c = { value: v.value, colour: v.colour, count: 0 };
        at.set(v.value, c);
        counts.push(c);
      }
    }
    let notReported = 0;
    for (const r of list) {
      if (r.status === null) {
        notReported += r.n;
        continue;
      }
      let c = at.get(r.status);
      if (!c) {
        // A value no longer on its kind's scale still counts, in grey after the scale's own values.
        c = { value: r.status, colour: 'grey', count: 0 };
        at.set(r.status, c);
        counts.push(c);
      }
      c.count += r.n;
    }
    const t = targets.get(key);
    return {
      key,
      name: groupName(groupBy, key, list[0].name, kinds),
      total: list.reduce((n, r) => n + r.n, 0),
      notReported,
      counts,
      targetsMet: t?.met ?? 0,
      targetsTotal: t?.total ?? 0,
      parent: list[0].up_ref === null ? null : { reference: list[0].up_ref, name: list[0].up_name ?? list[0].up_ref },
    };
  });
  if (groupBy === 'kind') groups.sort((a, b) => position(a.key!) - position(b.key!) || a.key!.localeCompare(b.key!));
  if (groupBy === 'body') groups.sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.key!.localeCompare(b.key!));
  return groups;
}

function groupName(groupBy: OverviewQuery['groupBy'], key: string | null, name: string | null, kinds: ReadonlyMap<string, OverviewKind>): string {
  if (groupBy === 'kind') return kinds.get(key!)?.plural ?? key!;
  if (key === null) return NO_PARENT_NAME;
  return name ?? key;
}
