import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { routeViews } from '../build/route-preloads';
import { routes } from '@/router';

/** The build's route table (what the API preloads with each page), read from the router's own source. */
describe('route preloads', () => {
  const source = readFileSync(join(import.meta.dirname, '..', 'src', 'router', 'index.ts'), 'utf8');
  const table = routeViews(parseAst(source, { lang: 'ts' }));

  it('names a view for every page the router has, in the router’s order, nested paths joined', () => {
    const paths = routes.flatMap((r) => [...(r.children ?? []).filter((c) => c.component).map((c) => `${r.path}/${c.path}`), r.path]);
    expect(table.map((r) => r.path)).toEqual(paths);
    expect(table.find((r) => r.path === '/rapporter/:id')?.views).toEqual(['@/views/reports/ReportEditorView.vue']);
    expect(table.find((r) => r.path === '/administration/organ')?.views).toEqual(['@/views/admin/AdminLayout.vue', '@/views/admin/BodiesAdminView.vue']);
    expect(table.find((r) => r.path === '/administration')?.views).toEqual(['@/views/admin/AdminLayout.vue']);
    expect(table.at(-1)?.path).toBe('/:pathMatch(.*)*');
  });

  it('refuses a router without a routes array rather than writing an empty table', () => {
    expect(() => routeViews(parseAst('export const pages = [];', { lang: 'ts' }))).toThrow(/no `routes` array/u);
  });
});
