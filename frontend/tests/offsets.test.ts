import { describe, expect, it } from 'vitest';
import { daysToOffsets, offsetsToDays } from '@/utils/offsets';

describe('reminder days in the period form', () => {
  it('turns whole days into the ISO 8601 durations the API takes, in the order typed, each once', () => {
    expect(daysToOffsets('14, 7, 1')).toEqual(['P14D', 'P7D', 'P1D']);
    expect(daysToOffsets(' 3;1  1 ')).toEqual(['P3D', 'P1D']);
    expect(daysToOffsets('365')).toEqual(['P365D']);
    expect(daysToOffsets('')).toEqual([]);
  });

  it('refuses anything that is not a whole number of days from 1 to 365', () => {
    for (const bad of ['0', '366', '-1', '1.5', 'P7D', '14 dagar', '7d', '99999999999']) expect(daysToOffsets(bad)).toBeNull();
  });

  it('shows stored offsets as days, and an offset with a time part as it is', () => {
    expect(offsetsToDays(['P14D', 'P2W', 'PT12H'])).toEqual(['14', '14', 'PT12H']);
  });
});
