import type { Report, ReportUpdate, Submission } from '@uppsikt/shared';
import { api, fetchAll, type QueryOf } from './client';

export type ReportQuery = Omit<QueryOf<'listReports'>, 'page' | 'pageSize'>;

/** Reports: lists per period/body/state and the workflow actions. Holds no state: views keep what they show. */
export const reportsApi = {
  /** Every matching report, paging through the API (500 at a time). */
  list(query: ReportQuery, signal?: AbortSignal): Promise<Report[]> {
    return fetchAll((page, pageSize) => api('listReports', { query: { ...query, page, pageSize }, signal }));
  },
  get(id: string, signal?: AbortSignal): Promise<Report> {
    return api('getReport', { params: { id }, signal });
  },
  save(id: string, update: ReportUpdate): Promise<Report> {
    return api('saveReport', { params: { id }, body: update });
  },
  submit(id: string, version: number): Promise<Report> {
    return api('submitReport', { params: { id }, body: { version } });
  },
  approve(id: string, version?: number): Promise<Report> {
    return api('approveReport', { params: { id }, body: { version } });
  },
  returnToBody(id: string, comment: string, version?: number): Promise<Report> {
    return api('returnReport', { params: { id }, body: { comment, version } });
  },
  reopen(id: string, comment: string, version?: number): Promise<Report> {
    return api('reopenReport', { params: { id }, body: { comment, version } });
  },
  submissions(id: string, signal?: AbortSignal): Promise<Submission[]> {
    return api('reportSubmissions', { params: { id }, signal });
  },
  saveContribution(id: string, body: string, text: string, version?: number): Promise<Report> {
    return api('saveContribution', { params: { id, body }, body: { text, version } });
  },
};
