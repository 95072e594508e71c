import type { Case } from '@uppsikt/shared';
import type { CaseEntity } from './case.entity.js';

export function caseView(c: CaseEntity): Case {
  return {
    reference: c.reference,
    kind: c.kind,
    title: c.title,
    text: c.text,
    leadBody: c.leadBody.code,
    coBodies: [...c.coBodies],
    allBodies: c.allBodies,
    decidedOn: c.decidedOn,
    decisionRef: c.decisionRef,
    diaryNumber: c.diaryNumber,
    dueOn: c.dueOn,
    related: [...c.related],
    state: c.state,
    closedNote: c.closedNote,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The audit-relevant fields of a case. */
export function caseSnapshot(c: CaseEntity): Record<string, unknown> {
  const { version: _v, createdAt: _c, updatedAt: _u, ...rest } = caseView(c);
  return rest;
}
