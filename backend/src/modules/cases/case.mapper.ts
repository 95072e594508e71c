import type { AllBodiesScope, Case, CaseKind, CaseState } from '@uppsikt/shared';
import { isoOrNull } from '../../common/iso.js';
import type { CaseEntity } from './case.entity.js';

/** A case as `CaseRepository` selects it. */
export interface CaseRow {
  reference: string;
  kind: CaseKind;
  title: string | null;
  text: string;
  lead_body_code: string;
  co_bodies: string[];
  all_bodies: boolean;
  all_bodies_scope: AllBodiesScope;
  parent: string | null;
  decided_on: string | null;
  decision_ref: string | null;
  diary_number: string | null;
  due_on: string | null;
  related: string[];
  state: CaseState;
  closed_note: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The one mapping of a `Case`: every read and every write answers with it. */
export function toCase(r: CaseRow): Case {
  return {
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    text: r.text,
    leadBody: r.lead_body_code,
    coBodies: r.co_bodies,
    allBodies: r.all_bodies,
    allBodiesScope: r.all_bodies_scope,
    parent: r.parent,
    decidedOn: r.decided_on,
    decisionRef: r.decision_ref,
    diaryNumber: r.diary_number,
    dueOn: r.due_on,
    related: r.related,
    state: r.state,
    closedNote: r.closed_note,
    version: r.version,
    createdAt: isoOrNull(r.created_at)!,
    updatedAt: isoOrNull(r.updated_at)!,
  };
}

/**
 * What the audit records of a case (its fields without version and timestamps), for the API and the
 * importer alike. The parent must be loaded (`CaseRepository.load` and the importer populate it).
 */
export function caseSnapshot(c: CaseEntity): Record<string, unknown> {
  return {
    reference: c.reference,
    kind: c.kind,
    title: c.title,
    text: c.text,
    leadBody: c.leadBody.code,
    coBodies: [...c.coBodies],
    allBodies: c.allBodies,
    allBodiesScope: c.allBodies ? c.allBodiesScope : null,
    parent: c.parent?.reference ?? null,
    decidedOn: c.decidedOn,
    decisionRef: c.decisionRef,
    diaryNumber: c.diaryNumber,
    dueOn: c.dueOn,
    related: [...c.related],
    state: c.state,
    closedNote: c.closedNote,
  };
}
