import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { compareReferences, type AllBodiesScope, type CaseKind } from '@uppsikt/shared';
import type { Principal } from '../../common/principal.js';
import type { AuditChanges } from '../audit/audit-event.entity.js';
import { AuditService, diff } from '../audit/audit.service.js';
import { badRequest } from '../../common/errors.js';
import type { BodyEntity } from '../bodies/body.entity.js';
import { PeriodRepository } from '../periods/period.repository.js';
import { ReportRepository } from '../reports/report.repository.js';
import { CaseEntity, referenceSortKey } from './case.entity.js';
import { caseSnapshot } from './case.mapper.js';
import { CaseRepository } from './case.repository.js';

/** What a write sets on a case; a field left undefined stays as it is (a new case gets its default). */
export interface CaseFields {
  kind?: CaseKind;
  text?: string;
  leadBody?: BodyEntity;
  title?: string | null;
  coBodies?: string[];
  allBodies?: boolean;
  allBodiesScope?: AllBodiesScope;
  /** The parent's reference (null: none): an existing case or one written in the same call. */
  parent?: string | null;
  decidedOn?: string | null;
  decisionRef?: string | null;
  diaryNumber?: string | null;
  dueOn?: string | null;
  related?: string[];
}

/** One case to write: a new one (`existing` null) or a change to an existing one. */
export interface CaseWrite {
  reference: string;
  existing: CaseEntity | null;
  fields: CaseFields;
}

/**
 * The one write path of cases, for the API (`CasesService`) and the importer alike: the field
 * mapping (co-bodies without the lead, sorted unique lists), the audit entry, the report slots of
 * open periods for new cases, ownership changes reaching the reports still being written, and the
 * tree: parents resolved (also to cases created in the same call) and cycles refused.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly audit: AuditService,
    private readonly reports: ReportRepository,
    private readonly periods: PeriodRepository,
    private readonly cases: CaseRepository,
  ) {}

  /** The audit changes `fields` would make to `existing`, without changing it. */
  changes(existing: CaseEntity, fields: CaseFields): AuditChanges {
    const before = caseSnapshot(existing);
    return diff(before, { ...before, ...normalized(fields, existing) });
  }

  /**
   * Writes the cases in `tx` and audits each change under `action` (default `case.created` for a
   * new case and `case.updated` for a change); a case the fields leave as it is, is not touched.
   * Returns the cases written.
   */
  async write(tx: EntityManager, actor: Pick<Principal, 'id' | 'name'>, writes: CaseWrite[], action?: string): Promise<CaseEntity[]> {
    const fresh = new Set(writes.filter((w) => !w.existing).map((w) => w.reference));
    const parents = await this.parents(tx, writes, fresh);

    const written: CaseEntity[] = [];
    const created: string[] = [];
    const ownershipChanged: string[] = [];
    const leadChanged: CaseEntity[] = [];
    const kindChanged: string[] = [];
    let parentSet = false;
    // New cases level by level, each flushed before the cases below it, so a child is inserted
    // with its parent's id (no second update, its version stays 1).
    for (const level of freshLevels(writes)) {
      for (const w of level) {
        const c = tx.create(CaseEntity, { reference: w.reference, referenceSort: referenceSortKey(w.reference), kind: w.fields.kind!, text: w.fields.text!, leadBody: w.fields.leadBody! });
        apply(c, w.fields, parents);
        this.audit.record(tx, actor, { action: action ?? 'case.created', entity: 'case', entityId: c.id, caseReference: c.reference, changes: diff({}, caseSnapshot(c)) });
        parents.set(c.reference, c);
        created.push(c.id);
        written.push(c);
        parentSet ||= !!c.parent;
      }
      await tx.flush();
    }
    for (const w of writes) {
      if (!w.existing) continue;
      const c = w.existing;
      const changes = this.changes(c, w.fields);
      if (!Object.keys(changes).length) continue;
      apply(c, w.fields, parents);
      this.audit.record(tx, actor, { action: action ?? 'case.updated', entity: 'case', entityId: c.id, caseReference: c.reference, changes });
      if (changes.leadBody) leadChanged.push(c);
      if (changes.kind) kindChanged.push(c.id);
      if (changes.leadBody || changes.coBodies || changes.allBodies || changes.allBodiesScope) ownershipChanged.push(c.id);
      parentSet ||= !!(changes.parent && c.parent);
      written.push(c);
    }
    await tx.flush();

    // A case created while periods are open takes part in them at once (where its kind is due), as
    // does one whose new kind is due there; ownership changes reach the reports of open periods
    // that are still being written.
    if (created.length || ownershipChanged.length || kindChanged.length) {
      const open = await this.periods.openIds(tx);
      if (open.length) {
        if (created.length || kindChanged.length) await this.reports.createSlots(tx, { periodIds: open, caseIds: [...created, ...kindChanged] });
        for (const c of leadChanged) await this.reports.moveToLead(tx, c.id, c.leadBody.code, open);
        if (ownershipChanged.length) await this.reports.addContributionSlots(tx, { periodIds: open, caseIds: ownershipChanged });
      }
    }

    // Last, so that nothing after it waits on a row lock: parent changes are checked one
    // transaction at a time, each seeing the others' committed parents, so two concurrent changes
    // cannot each close half of a cycle.
    if (parentSet) {
      await this.cases.lockTree(tx);
      const cyclic = await this.cases.cyclesThrough(tx, written.filter((c) => c.parent).map((c) => c.id));
      if (cyclic.length) throw badRequest('Överordnat ärende ger en cirkel', cyclic.map((r) => ({ path: 'parent', message: `${r} skulle bli överordnat sig självt` })));
    }
    return written;
  }

  /**
   * The stored parent entities the writes name, by reference (those created in this call are added
   * as they are created); 400 for one that is neither stored nor created here.
   */
  private async parents(tx: EntityManager, writes: CaseWrite[], fresh: ReadonlySet<string>): Promise<Map<string, CaseEntity>> {
    const refs = uniq(writes.map((w) => w.fields.parent).filter((r): r is string => !!r));
    const found = new Map<string, CaseEntity>();
    const outside = refs.filter((r) => !fresh.has(r));
    if (outside.length) for (const c of await tx.find(CaseEntity, { reference: { $in: outside } })) found.set(c.reference, c);
    const missing = outside.filter((r) => !found.has(r));
    if (missing.length) throw badRequest('Okänt överordnat ärende', missing.map((r) => ({ path: 'parent', message: `Ärendet ${r} finns inte` })));
    return found;
  }
}

/** The snapshot fields `fields` set on `current`: lists sorted and unique, co-bodies without the lead. */
function normalized(f: CaseFields, current: CaseEntity): Record<string, unknown> {
  const lead = f.leadBody?.code ?? current.leadBody.code;
  const out: Record<string, unknown> = {};
  if (f.kind !== undefined) out.kind = f.kind;
  if (f.text !== undefined) out.text = f.text;
  if (f.title !== undefined) out.title = f.title;
  if (f.leadBody !== undefined) out.leadBody = f.leadBody.code;
  out.coBodies = uniq(f.coBodies ?? current.coBodies).filter((b) => b !== lead);
  if (f.allBodies !== undefined) out.allBodies = f.allBodies;
  // The scope means nothing without allBodies: null in the snapshot then (stored as the default), so it never shows as a change.
  out.allBodiesScope = (f.allBodies ?? current.allBodies) ? (f.allBodiesScope ?? current.allBodiesScope) : null;
  if (f.parent !== undefined) out.parent = f.parent;
  if (f.decidedOn !== undefined) out.decidedOn = f.decidedOn;
  if (f.decisionRef !== undefined) out.decisionRef = f.decisionRef;
  if (f.diaryNumber !== undefined) out.diaryNumber = f.diaryNumber;
  if (f.dueOn !== undefined) out.dueOn = f.dueOn;
  if (f.related !== undefined) out.related = uniq(f.related);
  return out;
}

function apply(c: CaseEntity, f: CaseFields, parents: Map<string, CaseEntity>): void {
  const { leadBody: _code, parent: _parent, allBodiesScope, ...rest } = normalized(f, c);
  Object.assign(c, rest);
  c.allBodiesScope = (allBodiesScope as AllBodiesScope | null) ?? 'boards';
  if (f.leadBody) c.leadBody = f.leadBody;
  if (f.parent === undefined) return;
  const parent = f.parent === null ? null : parents.get(f.parent);
  // Only a new case whose chain of new parents runs in a circle has none yet (see `freshLevels`).
  if (parent === undefined) throw badRequest('Överordnat ärende ger en cirkel', [{ path: 'parent', message: `${c.reference} skulle bli överordnat sig självt` }]);
  c.parent = parent;
}

/**
 * The new cases of `writes` in levels: first those whose parent is not new in this call, then
 * their children, and so on. New cases whose parents run in a circle come last, in one level
 * (where `apply` refuses them).
 */
function freshLevels(writes: CaseWrite[]): CaseWrite[][] {
  const pending = new Map(writes.filter((w) => !w.existing).map((w) => [w.reference, w]));
  const levels: CaseWrite[][] = [];
  while (pending.size) {
    const level = [...pending.values()].filter((w) => !w.fields.parent || !pending.has(w.fields.parent) || w.fields.parent === w.reference);
    if (!level.length) {
      levels.push([...pending.values()]);
      break;
    }
    for (const w of level) pending.delete(w.reference);
    levels.push(level);
  }
  return levels;
}

/** Unique, in natural reference order (codes and references alike). */
export function uniq(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareReferences);
}
