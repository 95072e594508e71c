import { describe, expect, it } from 'vitest';
import type { Overview, OverviewGroup } from '@uppsikt/shared';
import { legendOf, levelQuery, summaryParts, upperLevels } from '@/utils/rollup';

const group = (key: string | null, counts: Array<[string, 'green' | 'yellow' | 'red', number]>, notReported = 0, parent: OverviewGroup['parent'] = null): OverviewGroup => ({
  key,
  name: key ?? 'Utan överordnad',
  total: counts.reduce((n, c) => n + c[2], 0) + notReported,
  notReported,
  counts: counts.map(([value, colour, count]) => ({ value, colour, count })),
  targetsMet: 0,
  targetsTotal: 0,
  parent,
});

describe('Översikt roll-up helpers', () => {
  it('writes a group as "26/31 · 4/31 · 1/31", each count with its value', () => {
    const g = group('T', [['Genomfört', 'green', 26], ['Delvis genomfört', 'yellow', 4], ['Inte genomfört', 'red', 1]]);
    expect(summaryParts(g).map((p) => p.text).join(' · ')).toBe('26/31 · 4/31 · 1/31');
    expect(summaryParts(g).map((p) => p.value)).toEqual(['Genomfört', 'Delvis genomfört', 'Inte genomfört']);
  });

  it('counts not-reported reports in the denominator', () => {
    expect(summaryParts(group('T', [['Enligt plan', 'green', 2], ['Mer arbete krävs', 'yellow', 1]], 3)).map((p) => p.text)).toEqual(['2/6', '1/6']);
  });

  it('maps levels to queries', () => {
    expect(levelQuery('kind')).toEqual({ groupBy: 'kind' });
    expect(levelQuery('body')).toEqual({ groupBy: 'body' });
    expect(levelQuery('under:SH2024')).toEqual({ groupBy: 'parent', under: 'SH2024' });
    expect(levelQuery('under:2021:8')).toEqual({ groupBy: 'parent', under: '2021:8' });
  });

  it('offers the cases above parent groups as levels, once each, and a legend of every value', () => {
    const sh = { reference: 'SH2024', name: 'Program för social hållbarhet' };
    const o: Overview = {
      period: '2024-T2',
      groupBy: 'parent',
      under: null,
      groups: [
        group('SH2024', [['Enligt plan', 'green', 4], ['Mer arbete krävs', 'yellow', 1]]),
        group('SH2024:1', [['Enligt plan', 'green', 3]], 0, sh),
        group('SH2024:2', [['Enligt plan', 'green', 1], ['Mer arbete krävs', 'yellow', 2]], 0, sh),
        group(null, [['Genomfört', 'green', 1]]),
      ],
    };
    expect(upperLevels(o)).toEqual([sh]);
    expect(upperLevels(null)).toEqual([]);
    expect(legendOf(o.groups).map((l) => l.value)).toEqual(['Enligt plan', 'Mer arbete krävs', 'Genomfört']);
  });
});
