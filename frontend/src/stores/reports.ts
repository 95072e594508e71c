import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Report, ReportUpdate, Submission } from '@uppsikt/shared';
import { api, fetchAll, type QueryOf } from '@/api/client';

export type ReportQuery = Omit<QueryOf<'listReports'>, 'page' | 'pageSize'>;

/** Reports: lists per period/body/state and the workflow actions. Keeps the last fetched copy of each. */
export const useReportsStore = defineStore('reports', () => {
  const byId = ref<Record<string, Report>>({});

  function remember(report: Report): Report {
    byId.value[report.id] = report;
    return report;
  }

  /** Every matching report, paging through the API (500 at a time). */
  async function list(query: ReportQuery, signal?: AbortSignal): Promise<Report[]> {
    return fetchAll((page, pageSize) => api('listReports', { query: { ...query, page, pageSize }, signal }));
  }

  async function get(id: string): Promise<Report> {
    return remember(await api('getReport', { params: { id } }));
  }

  async function save(id: string, update: ReportUpdate): Promise<Report> {
    return remember(await api('saveReport', { params: { id }, body: update }));
  }

  async function submit(id: string, version: number): Promise<Report> {
    return remember(await api('submitReport', { params: { id }, body: { version } }));
  }

  async function approve(id: string, version?: number): Promise<Report> {
    return remember(await api('approveReport', { params: { id }, body: { version } }));
  }

  async function returnToBody(id: string, comment: string, version?: number): Promise<Report> {
    return remember(await api('returnReport', { params: { id }, body: { comment, version } }));
  }

  async function reopen(id: string, comment: string, version?: number): Promise<Report> {
    return remember(await api('reopenReport', { params: { id }, body: { comment, version } }));
  }

  async function submissions(id: string): Promise<Submission[]> {
    return api('reportSubmissions', { params: { id } });
  }

  async function saveContribution(id: string, body: string, text: string, version?: number): Promise<Report> {
    return remember(await api('saveContribution', { params: { id, body }, body: { text, version } }));
  }

  return { byId, remember, list, get, save, submit, approve, returnToBody, reopen, submissions, saveContribution };
});
