import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTE_PRELOADS_FILE } from '@uppsikt/shared';
import { pagePreloads, routePattern, sessionDataLink } from './page-preloads.js';

describe('routePattern', () => {
  it('matches a path as vue-router does: parameters are one segment, any case, an optional trailing slash', () => {
    const report = routePattern('/rapporter/:id');
    expect(['/rapporter/abc', '/Rapporter/abc/', '/rapporter/2020%3A1'].map((p) => report.test(p))).toEqual([true, true, true]);
    expect(['/rapporter', '/rapporter/', '/rapporter/a/b', '/xrapporter/a', '/rapporter/a.b/c'].map((p) => report.test(p))).toEqual([false, false, false, false, false]);
    expect(routePattern('/').test('/')).toBe(true);
    expect(routePattern('/').test('/a')).toBe(false);
    expect(routePattern('/administration/organ').test('/administration/organ')).toBe(true);
    expect(routePattern('/a.b').test('/axb')).toBe(false);
  });

  it('the catch-all takes any path', () => {
    const all = routePattern('/:pathMatch(.*)*');
    expect(['/', '/x', '/x/y/z', '/%00'].every((p) => all.test(p))).toBe(true);
  });
});

describe('pagePreloads', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  async function dist(table: unknown) {
    const dir = await mkdtemp(join(tmpdir(), 'uppsikt-preloads-'));
    dirs.push(dir);
    if (table !== undefined) await writeFile(join(dir, ROUTE_PRELOADS_FILE), JSON.stringify(table));
    return dir;
  }

  it('names the first matching page’s scripts as module preloads and its styles as style preloads', async () => {
    const linkFor = pagePreloads(
      await dist([
        { path: '/uppdrag/ny', scripts: ['assets/New.js'], styles: [] },
        { path: '/uppdrag/:reference', scripts: ['assets/Case.js', 'assets/dep.js'], styles: ['assets/Case.css'] },
        { path: '/tom', scripts: [], styles: [] },
        { path: '/:pathMatch(.*)*', scripts: ['assets/NotFound.js'], styles: [] },
      ]),
    );
    expect(linkFor('/uppdrag/ny')).toBe('</assets/New.js>; rel=modulepreload; crossorigin');
    expect(linkFor('/uppdrag/2020:1')).toBe('</assets/Case.js>; rel=modulepreload; crossorigin, </assets/dep.js>; rel=modulepreload; crossorigin, </assets/Case.css>; rel=preload; as=style; crossorigin');
    expect(linkFor('/tom')).toBeUndefined();
    expect(linkFor('/finns/inte')).toBe('</assets/NotFound.js>; rel=modulepreload; crossorigin');
  });

  it('names nothing without a table (a build from before it), and refuses a broken one at start', async () => {
    expect(pagePreloads(await dist(undefined))('/uppdrag')).toBeUndefined();
    const broken = await dist([{ path: 'uppdrag', scripts: 'x' }]);
    expect(() => pagePreloads(broken)).toThrow();
  });
});

describe('sessionDataLink', () => {
  const id = '90abec33-f5f4-4f2c-bfd9-c948ad71f6a4';
  const paths = (link: string) => [...link.matchAll(/<([^>]+)>/gu)].map((m) => m[1]);
  const SESSION = ['/api/auth/me', '/api/kinds', '/api/periods', '/api/bodies'];

  it('names who is logged in, kinds, periods and bodies on every page', () => {
    expect(paths(sessionDataLink('/mina-rapporter'))).toEqual(SESSION);
    expect(sessionDataLink('/oversikt')).toMatch(/^<\/api\/auth\/me>; rel=preload; as=fetch; crossorigin=anonymous, /u);
  });

  it('adds the report on its editor and review page, only for a UUID (nothing else reaches the header)', () => {
    expect(paths(sessionDataLink(`/rapporter/${id}`))).toEqual([...SESSION, `/api/reports/${id}`]);
    expect(paths(sessionDataLink(`/granskning/${id}/`))).toEqual([...SESSION, `/api/reports/${id}`]);
    for (const path of ['/rapporter/abc', `/rapporter/${id}>,<x`, `/rapporter/${id}/x`, `/uppdrag/${id}`, `/rapporter/${id}%0d%0a`]) expect(paths(sessionDataLink(path)), path).toEqual(SESSION);
  });
});
