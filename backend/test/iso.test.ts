import { describe, expect, it } from 'vitest';
import { isoOrNull } from '../src/common/iso.js';

describe('isoOrNull', () => {
  it('turns PostgreSQL timestamptz text into the same ISO text as Date does', () => {
    for (const text of [
      '2026-11-23 13:30:00+00',
      '2026-11-23 13:30:00.1+00',
      '2026-11-23 13:30:00.12+00',
      '2026-11-23 13:30:00.123+00',
      '2026-11-23 13:30:00.123999+00',
      '2020-02-29 23:59:59.999999+00',
      '1999-12-31 00:00:00.000001+00',
    ]) {
      expect(isoOrNull(text)).toBe(new Date(text).toISOString());
    }
  });

  it('falls back to Date for other offsets, ISO text and Date objects', () => {
    expect(isoOrNull('2026-11-23 14:30:00.5+01')).toBe('2026-11-23T13:30:00.500Z');
    expect(isoOrNull('2026-11-23 14:30:00+05:30')).toBe('2026-11-23T09:00:00.000Z');
    expect(isoOrNull('2026-11-23T13:30:00.000Z')).toBe('2026-11-23T13:30:00.000Z');
    expect(isoOrNull(new Date(Date.UTC(2026, 10, 23, 13, 30)))).toBe('2026-11-23T13:30:00.000Z');
  });

  it('keeps null for missing instants', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(undefined)).toBeNull();
    expect(isoOrNull('')).toBeNull();
  });
});
