import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Case, CaseCreate, CaseDetail, CasePatch, HistoryEvent } from '@uppsikt/shared';
import { api, type BodyOf, type QueryOf } from '@/api/client';

export type CaseQuery = QueryOf<'listCases'>;

export const useCasesStore = defineStore('cases', () => {
  const detail = ref<Record<string, CaseDetail>>({});

  async function list(query: CaseQuery, signal?: AbortSignal): Promise<{ items: Case[]; total: number }> {
    return api('listCases', { query, signal });
  }

  async function get(reference: string): Promise<CaseDetail> {
    const c = await api('getCase', { params: { reference } });
    detail.value[reference] = c;
    return c;
  }

  async function history(reference: string): Promise<HistoryEvent[]> {
    return api('caseHistory', { params: { reference } });
  }

  async function create(input: CaseCreate): Promise<Case> {
    return api('createCase', { body: input });
  }

  async function patch(reference: string, input: CasePatch): Promise<Case> {
    return api('patchCase', { params: { reference }, body: input });
  }

  async function close(reference: string, input: BodyOf<'closeCase'>): Promise<Case> {
    return api('closeCase', { params: { reference }, body: input });
  }

  return { detail, list, get, history, create, patch, close };
});
