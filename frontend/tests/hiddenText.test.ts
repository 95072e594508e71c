import { afterEach, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BodiesAdminView from '@/views/admin/BodiesAdminView.vue';
import { fakeApi, flushPromises, mountWith } from './helpers';

/**
 * Vue's template compiler drops a whitespace-only run at the start or end of an element's content:
 * `Ändra<span class="visually-hidden"> KS</span>` renders "ÄndraKS" for a screen reader. The space
 * belongs outside the hidden span ("Ändra <span …>KS</span>").
 */
function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? vueFiles(p) : p.endsWith('.vue') ? [p] : [];
  });
}

describe('visually hidden text next to visible text', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('no hidden span starts or ends with a space that the compiler would drop', () => {
    const src = join(import.meta.dirname, '..', 'src');
    const offenders: string[] = [];
    for (const file of vueFiles(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/<span class="visually-hidden">([^<]*)<\/span>/gu)) {
        // Text before the first or after the last interpolation that is only whitespace is dropped.
        if (/^\s+\{\{/u.test(m[1]) || /\}\}\s+$/u.test(m[1])) offenders.push(`${file.slice(src.length + 1)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the bodies page\'s edit button reads "Ändra Kommunstyrelsen"', async () => {
    fakeApi({ 'GET /api/bodies': { body: [{ code: 'KS', name: 'Kommunstyrelsen', kind: 'nämnd', active: true, email: null, version: 1 }] } });
    const { wrapper } = mountWith(BodiesAdminView);
    await flushPromises();
    const edit = wrapper.findAll('button').find((b) => b.text().startsWith('Ändra'));
    expect(edit?.element.textContent?.replace(/\s+/gu, ' ').trim()).toBe('Ändra Kommunstyrelsen');
    wrapper.unmount();
  });
});
