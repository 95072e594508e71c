import type { Kind, Report } from '@uppsikt/shared';
import { movement, type Movement } from './scale';

/** Only statuses a body has sent in count; drafts are still being written. */
export function isReported(r: Pick<Report, 'state'>): boolean {
  return r.state === 'submitted' || r.state === 'approved';
}

export function reportedStatus(r: Report): string | null {
  return isReported(r) ? r.status : null;
}

/** A kind by key (the kinds store's `kindOf`). */
export type KindLookup = (key: string) => Kind;

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export interface MovedCase {
  reference: string;
  kind: string;
  body: string;
  before: string | null;
  after: string | null;
  movement: Movement;
}

/** How status (or forecast) moved per case between two periods' reports. */
export function movements(current: readonly Report[], previous: readonly Report[], field: 'status' | 'forecast', kindOf: KindLookup): { counts: Record<Movement, number>; moved: MovedCase[] } {
  const before = new Map(previous.map((r) => [r.case.reference, r]));
  const counts: Record<Movement, number> = { better: 0, same: 0, worse: 0, new: 0, none: 0 };
  const moved: MovedCase[] = [];
  for (const r of current) {
    const p = before.get(r.case.reference);
    const a = p && isReported(p) ? p[field] : null;
    const b = isReported(r) ? r[field] : null;
    const m = movement(kindOf(r.case.kind), a, b);
    counts[m]++;
    if (m === 'better' || m === 'worse') moved.push({ reference: r.case.reference, kind: r.case.kind, body: r.body, before: a, after: b, movement: m });
  }
  return { counts, moved };
}

