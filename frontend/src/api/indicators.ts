import type { Indicator } from '@uppsikt/shared';
import { api, type BodyOf } from './client';

/** Indicators (nyckeltal) of a case, and a year's value typed by hand. Holds no state. */
export const indicatorsApi = {
  ofCase(reference: string, signal?: AbortSignal): Promise<Indicator[]> {
    return api('listIndicators', { params: { reference }, signal });
  },
  /** Every indicator whose latest value misses its target. */
  offTarget(signal?: AbortSignal): Promise<Indicator[]> {
    return api('allIndicators', { query: { met: 'false' }, signal });
  },
  putValue(id: string, year: number, body: BodyOf<'putIndicatorValue'>): Promise<Indicator> {
    return api('putIndicatorValue', { params: { id, year: String(year) }, body });
  },
};
