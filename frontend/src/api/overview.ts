import type { Overview } from '@uppsikt/shared';
import { api, type QueryOf } from './client';

export type OverviewQuery = QueryOf<'overview'>;

/** The roll-up of a period (GET /api/overview): the same numbers for every role. */
export const overviewApi = {
  get(query: OverviewQuery, signal?: AbortSignal): Promise<Overview> {
    return api('overview', { query, signal });
  },
};
