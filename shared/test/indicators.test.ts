import { describe, expect, it } from 'vitest';
import { formatFigure, indicatorLine, indicatorMet } from '../src/indicator-figures.js';

describe('indicators', () => {
  it('judges the latest value against the target in the indicator direction', () => {
    expect(indicatorMet('higher', 10, 10)).toBe(true);
    expect(indicatorMet('higher', 10, 9.99)).toBe(false);
    expect(indicatorMet('lower', 10, 10)).toBe(true);
    expect(indicatorMet('lower', 10, 11)).toBe(false);
    expect(indicatorMet('higher', null, 5)).toBeNull();
    expect(indicatorMet('higher', 5, null)).toBeNull();
  });

  it('writes the appendix line in Swedish', () => {
    expect(formatFigure(2000, 'st')).toBe('2\u00a0000 st');
    expect(formatFigure(-1.5, null)).toBe('-1,5');
    expect(indicatorLine({ unit: 'st', target: 2000, targetYear: 2028, latest: { year: 2024, value: 1800 } })).toBe('Målvärde 2\u00a0000 st (2028) · Utfall 1\u00a0800 st (2024)');
    expect(indicatorLine({ unit: null, target: 1, targetYear: null, latest: null })).toBe('Målvärde 1 · Utfall saknas');
    expect(indicatorLine({ unit: '%', target: null, targetYear: null, latest: { year: 2023, value: 12.345 } })).toBe('Utfall 12,35 % (2023)');
  });
});
