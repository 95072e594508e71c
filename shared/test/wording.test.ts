import { describe, expect, it } from 'vitest';
import { caseName, CASE_KIND_PLURAL_LABELS } from '../src/index.js';

describe('case names in running text', () => {
  it('puts kind and reference together', () => {
    expect(caseName('assignment', '2021:8')).toBe('KF-uppdrag 2021:8');
    expect(caseName('programme_priority', '1.1')).toBe('Programprioritering 1.1');
  });
  it('does not repeat the kind word a reference starts with', () => {
    expect(caseName('goal', 'Mål 10')).toBe('KF-mål 10');
    expect(caseName('goal', 'mål 3')).toBe('KF-mål 3');
    expect(caseName('goal', '10')).toBe('KF-mål 10');
    expect(caseName('assignment', 'Mål 10')).toBe('KF-uppdrag Mål 10');
  });
  it('has plural headings for groups', () => {
    expect(CASE_KIND_PLURAL_LABELS.programme_priority).toBe('Programprioriteringar');
  });
});
