import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { compareReferences, type CaseKind } from '@uppsikt/shared';
import type { Principal } from '../../common/principal.js';
import type { AuditChanges } from '../audit/audit-event.entity.js';
import { AuditService, diff } from '../audit/audit.service.js';
import type { BodyEntity } from '../bodies/body.entity.js';
import { PeriodRepository } from '../periods/period.repository.js';
import { ReportRepository } from '../reports/report.repository.js';
import { CaseEntity, referenceSortKey } from './case.entity.js';
import { caseSnapshot } from './case.mapper.js';

/** What a write sets on a case; a field left undefined stays as it is (a new case gets its default). */
export interface CaseFields {
  kind?: CaseKind;
  text?: string;
  leadBody?: BodyEntity;
  title?: string | null;
  coBodies?: string[];
  allBodies?: boolean;
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
 * open periods for new cases, and ownership changes reaching the reports still being written.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly audit: AuditService,
    private readonly reports: ReportRepository,
    private readonly periods: PeriodRepository,
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
    const written: CaseEntity[] = [];
    const created: string[] = [];
    const ownershipChanged: string[] = [];
    const leadChanged: CaseEntity[] = [];
    const kindChanged: string[] = [];
    for (const w of writes) {
      if (!w.existing) {
        const c = tx.create(CaseEntity, { reference: w.reference, referenceSort: referenceSortKey(w.reference), kind: w.fields.kind!, text: w.fields.text!, leadBody: w.fields.leadBody! });
        apply(c, w.fields);
        tx.persist(c);
        this.audit.record(tx, actor, { action: action ?? 'case.created', entity: 'case', entityId: c.id, caseReference: c.reference, changes: diff({}, caseSnapshot(c)) });
        created.push(c.id);
        written.push(c);
        continue;
      }
      const c = w.existing;
      const changes = this.changes(c, w.fields);
      if (!Object.keys(changes).length) continue;
      apply(c, w.fields);
      this.audit.record(tx, actor, { action: action ?? 'case.updated', entity: 'case', entityId: c.id, caseReference: c.reference, changes });
      if (changes.leadBody) leadChanged.push(c);
      if (changes.kind) kindChanged.push(c.id);
      if (changes.leadBody || changes.coBodies || changes.allBodies) ownershipChanged.push(c.id);
      written.push(c);
    }
    await tx.flush();

    // A case created while periods are open takes part in them at once (where its kind is due), as
    // does one whose new kind is due there; ownership changes reach the reports of open periods
    // that are still being written.
    if (!created.length && !ownershipChanged.length && !kindChanged.length) return written;
    const open = await this.periods.openIds(tx);
    if (!open.length) return written;
    if (created.length || kindChanged.length) await this.reports.createSlots(tx, { periodIds: open, caseIds: [...created, ...kindChanged] });
    for (const c of leadChanged) await this.reports.moveToLead(tx, c.id, c.leadBody.code, open);
    if (ownershipChanged.length) await this.reports.addContributionSlots(tx, { periodIds: open, caseIds: ownershipChanged });
    return written;
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
  if (f.decidedOn !== undefined) out.decidedOn = f.decidedOn;
  if (f.decisionRef !== undefined) out.decisionRef = f.decisionRef;
  if (f.diaryNumber !== undefined) out.diaryNumber = f.diaryNumber;
  if (f.dueOn !== undefined) out.dueOn = f.dueOn;
  if (f.related !== undefined) out.related = uniq(f.related);
  return out;
}

function apply(c: CaseEntity, f: CaseFields): void {
  const { leadBody: _code, ...rest } = normalized(f, c);
  Object.assign(c, rest);
  if (f.leadBody) c.leadBody = f.leadBody;
}

/** Unique, in natural reference order (codes and references alike). */
export function uniq(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareReferences);
}
