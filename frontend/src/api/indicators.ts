import type { Indicator } from '@uppsikt/shared';
import { api, type BodyOf } from './client';

/** Indicators (nyckeltal) of a case: listed, added, changed and removed (reviewers), and a year's value typed by hand. Holds no state. */
export const indicatorsApi = {
  ofCase(reference: string, signal?: AbortSignal): Promise<Indicator[]> {
    return api('listIndicators', { params: { reference }, signal });
  },
  /** Every indicator whose latest value misses its target. */
  offTarget(signal?: AbortSignal): Promise<Indicator[]> {
    return api('allIndicators', { query: { met: 'false' }, signal });
  },
  create(reference: string, body: BodyOf<'createIndicator'>): Promise<Indicator> {
    return api('createIndicator', { params: { reference }, body });
  },
  patch(id: string, body: BodyOf<'patchIndicator'>): Promise<Indicator> {
    return api('patchIndicator', { params: { id }, body });
  },
  remove(id: string): Promise<void> {
    return api('deleteIndicator', { params: { id } });
  },
  putValue(id: string, year: number, body: BodyOf<'putIndicatorValue'>): Promise<Indicator> {
    return api('putIndicatorValue', { params: { id, year: String(year) }, body });
  },
};
