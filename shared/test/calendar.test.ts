import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { compareReferences, defaultPeriodEnd, formatDateSv, formatDayMonthSv, localDate, offsetFireTime, parseDuration, parsePeriodId, zonedTimeToInstant, zoneOffsetMs } from '../src/calendar.js';

describe('calendar', () => {
  it('knows the standard period ends', () => {
    expect(defaultPeriodEnd(2026, 'T1')).toBe('2026-04-30');
    expect(defaultPeriodEnd(2026, 'T2')).toBe('2026-08-31');
    expect(defaultPeriodEnd(2026, 'T3')).toBe('2026-12-31');
    expect(parsePeriodId('2020-T2')).toEqual({ year: 2020, term: 'T2' });
    expect(parsePeriodId('2020-T4')).toBeNull();
  });

  it('parses ISO 8601 durations', () => {
    expect(parseDuration('P14D')).toEqual({ days: 14, ms: 0 });
    expect(parseDuration('PT45S')).toEqual({ days: 0, ms: 45_000 });
    expect(parseDuration('P1DT2H')).toEqual({ days: 1, ms: 7_200_000 });
    for (const bad of ['P', 'PT', '14D', 'P-1D', 'P1Y', '']) expect(parseDuration(bad)).toBeNull();
  });

  it('fires whole-day offsets at the reminder hour Stockholm time, across daylight-saving changes', () => {
    // Summer time ends 25 October 2026; a deadline on 27 Oct 12:00 CET, P1D after → 28 Oct 08:00 CET = 07:00Z
    const deadline = zonedTimeToInstant('2026-10-27', 12);
    expect(deadline.toISOString()).toBe('2026-10-27T11:00:00.000Z');
    expect(offsetFireTime(deadline, 'P1D', 1, 8).toISOString()).toBe('2026-10-28T07:00:00.000Z');
    // P7D before → 20 Oct 08:00 CEST = 06:00Z (still summer time)
    expect(offsetFireTime(deadline, 'P7D', -1, 8).toISOString()).toBe('2026-10-20T06:00:00.000Z');
    // The day after the October change: deadline 25 Oct 12:00, P1D after → 26 Oct 08:00 local = 07:00Z
    expect(offsetFireTime(zonedTimeToInstant('2026-10-25', 12), 'P1D', 1, 8).toISOString()).toBe('2026-10-26T07:00:00.000Z');
    // Spring: 29 March 2026
    expect(offsetFireTime(zonedTimeToInstant('2026-03-30', 12), 'P1D', -1, 8).toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('fires shorter offsets at the exact instant', () => {
    const deadline = new Date('2026-09-15T10:00:00Z');
    expect(offsetFireTime(deadline, 'PT45S', -1, 8).toISOString()).toBe('2026-09-15T09:59:15.000Z');
    expect(offsetFireTime(deadline, 'PT90S', 1, 8).toISOString()).toBe('2026-09-15T10:01:30.000Z');
  });

  it('formats Swedish dates', () => {
    expect(formatDateSv('2026-09-15')).toBe('15 sep 2026');
    expect(formatDateSv('2026-09-15', true)).toBe('15 september 2026');
  });

  it('makes an Intl formatter once per kind and zone, not once per date it formats', () => {
    // A reminder slot formats thousands of dates; each formatter made costs ICU memory outside the heap (issue 18.3).
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000);
    expect(localDate(day(0))).toBe('2026-01-01');
    zoneOffsetMs(day(0));
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 1; i < 20; i++) {
        localDate(day(i));
        zoneOffsetMs(day(i));
        formatDateSv(day(i), true);
        formatDayMonthSv(day(i));
      }
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
    expect(localDate(new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
    expect(zoneOffsetMs(new Date('2026-07-01T12:00:00Z'))).toBe(7_200_000);
    expect(localDate(new Date('2026-07-01T23:30:00Z'), 'UTC')).toBe('2026-07-01');
  });

  it('orders references naturally', () => {
    expect(['2020:10', '2020:2', 'Mål 10', 'Mål 2', '2021:1', '2020:1'].sort(compareReferences)).toEqual(['2020:1', '2020:2', '2020:10', '2021:1', 'Mål 2', 'Mål 10']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }), (a, b) => {
        expect(Math.sign(compareReferences(`2020:${a}`, `2020:${b}`))).toBe(Math.sign(a - b));
      }),
    );
  });
});
