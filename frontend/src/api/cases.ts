import type { Case, CaseCreate, CaseDetail, CaseLatestStatus, CasePatch, HistoryEvent } from '@uppsikt/shared';
import { api, type BodyOf, type QueryOf } from './client';

export type CaseQuery = QueryOf<'listCases'>;

/** Cases: list, page, history and the reviewer's writes. Holds no state: views keep what they show. */
export const casesApi = {
  list(query: CaseQuery, signal?: AbortSignal): Promise<{ items: Case[]; total: number }> {
    return api('listCases', { query, signal });
  },
  get(reference: string, signal?: AbortSignal): Promise<CaseDetail> {
    return api('getCase', { params: { reference }, signal });
  },
  /** Each listed case's latest submitted or approved status (cases without one are left out). */
  latestStatuses(references: readonly string[], signal?: AbortSignal): Promise<CaseLatestStatus[]> {
    return references.length ? api('caseStatuses', { query: { references: references.join(',') }, signal }) : Promise.resolve([]);
  },
  history(reference: string, signal?: AbortSignal): Promise<HistoryEvent[]> {
    return api('caseHistory', { params: { reference }, signal });
  },
  create(input: CaseCreate): Promise<Case> {
    return api('createCase', { body: input });
  },
  patch(reference: string, input: CasePatch): Promise<Case> {
    return api('patchCase', { params: { reference }, body: input });
  },
  close(reference: string, input: BodyOf<'closeCase'>): Promise<Case> {
    return api('closeCase', { params: { reference }, body: input });
  },
};
