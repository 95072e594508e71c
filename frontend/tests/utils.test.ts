import { describe, expect, it } from 'vitest';
import type { Report } from '@uppsikt/shared';
import { diffWords } from '@/utils/diff';
import { toCsv } from '@/utils/csv';
import { countdown, formatDate, formatDateTime, toOffsetIso } from '@/utils/dates';
import { submissionWarnings } from '@/utils/reportChecks';
import { movements } from '@/utils/overview';
import { ApiError, buildPath, buildQuery } from '@/api/client';
import { builtInKinds, report } from './helpers';

const KINDS = builtInKinds();
const kindOf = (key: string) => KINDS.find((k) => k.key === key)!;

describe('diffWords', () => {
  it('marks added and removed words and rejoins to both texts', () => {
    const before = 'Arbetet pågår enligt plan och klart i maj.';
    const after = 'Arbetet pågår men är försenat och klart i juni.';
    const parts = diffWords(before, after);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(expect.arrayContaining(['enligt plan', 'maj.']));
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(expect.arrayContaining(['juni.']));
  });
  it('handles empty texts and identical texts', () => {
    expect(diffWords('', 'Ny text')).toEqual([{ kind: 'added', text: 'Ny text' }]);
    expect(diffWords('Samma', 'Samma')).toEqual([{ kind: 'same', text: 'Samma' }]);
  });
});

describe('toCsv', () => {
  it('writes UTF-8 BOM, semicolons, CRLF and quotes where needed', () => {
    const csv = toCsv(['Referens', 'Text'], [['2021:8', 'Bostäder; fler "bra"\nrad två']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFReferens;Text\r\n2021:8;"Bostäder; fler ""bra""\nrad två"\r\n');
  });
});

describe('dates in Europe/Stockholm', () => {
  it('formats Swedish dates and times', () => {
    expect(formatDate('2026-09-15')).toBe('15 sep 2026');
    expect(formatDateTime('2026-09-15T10:00:00Z')).toBe('15 sep 2026 kl. 12:00');
    expect(formatDateTime('2026-12-15T10:00:00Z')).toBe('15 dec 2026 kl. 11:00');
  });
  it('converts a local wall-clock time to an instant with the right offset, also across DST', () => {
    expect(toOffsetIso('2026-09-15', '12:00')).toBe('2026-09-15T12:00:00+02:00');
    expect(toOffsetIso('2026-01-15', '12:00')).toBe('2026-01-15T12:00:00+01:00');
    expect(new Date(toOffsetIso('2026-03-29', '08:00')).toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });
  it('counts days left in Stockholm calendar days and flags overdue', () => {
    const deadline = '2026-09-15T10:00:00Z'; // 12:00 local
    expect(countdown(deadline, new Date('2026-09-03T08:00:00Z'))).toEqual({ days: 12, overdue: false });
    expect(countdown(deadline, new Date('2026-09-15T09:59:00Z'))).toEqual({ days: 0, overdue: false });
    expect(countdown(deadline, new Date('2026-09-18T09:00:00Z'))).toEqual({ days: -3, overdue: true });
  });
});

describe('submissionWarnings', () => {
  const prev = { status: 'Delvis genomfört', comment: 'Arbetet  pågår.' };
  it('warns on changed status with the same comment, copied comment, contradicting forecast', () => {
    const codes = submissionWarnings(kindOf('assignment'), 'T2', { status: 'Genomfört', comment: 'Arbetet pågår.', forecast: 'Delvis genomfört', trend: null }, prev).map((w) => w.code);
    expect(codes).toEqual(['statusChangedSameComment', 'commentCopied', 'forecastContradicts']);
  });
  it('is quiet for a normal report and ignores forecast in T3', () => {
    expect(submissionWarnings(kindOf('assignment'), 'T2', { status: 'Delvis genomfört', comment: 'Nytt läge.', forecast: 'Genomfört', trend: null }, prev)).toEqual([]);
    expect(submissionWarnings(kindOf('goal'), 'T3', { status: 'Helt uppfyllt', comment: 'Klart.', forecast: 'Inte uppfyllt', trend: null }, null)).toEqual([]);
  });
});

describe('overview movements', () => {
  const reports: Report[] = [
    report({ id: 'a', state: 'approved', status: 'Genomfört' }),
    report({ id: 'b', state: 'submitted', status: 'Delvis genomfört', case: { reference: '2021:9', kind: 'assignment', text: '', title: null } }),
    report({ id: 'c', state: 'draft', status: 'Genomfört', case: { reference: '2021:10', kind: 'assignment', text: '', title: null } }),
    report({ id: 'd', state: 'approved', status: 'Helt uppfyllt', case: { reference: 'M1', kind: 'goal', text: '', title: null } }),
  ];
  it('classifies movement between periods by scale position', () => {
    const previous = [report({ state: 'approved', status: 'Delvis genomfört' }), report({ state: 'approved', status: 'Genomfört', case: { reference: '2021:9', kind: 'assignment', text: '', title: null } })];
    const { counts, moved } = movements(reports, previous, 'status', kindOf);
    expect(counts).toMatchObject({ better: 1, worse: 1, none: 1, new: 1 });
    expect(moved.map((m) => `${m.reference}:${m.movement}`)).toEqual(['2021:8:better', '2021:9:worse']);
  });
});

describe('api client helpers', () => {
  it('URL-encodes path parameters (references contain ":") and skips empty query values', () => {
    expect(buildPath('/api/cases/:reference/history', { reference: '2021:8' })).toBe('/api/cases/2021%3A8/history');
    expect(buildQuery({ period: '2026-T2', body: '', state: undefined, page: 2 })).toBe('?period=2026-T2&page=2');
  });
  it('ApiError exposes the contract error shape', () => {
    const e = new ApiError(400, 'Ogiltig', [{ path: 'roles.0.body', message: 'Saknas' }]);
    expect(e.detailFor('roles')).toBe('Saknas');
    expect(e.isTransient).toBe(false);
    expect(new ApiError(0, 'x').isNetworkError).toBe(true);
    expect(new ApiError(503, 'x').isTransient).toBe(true);
  });
});
