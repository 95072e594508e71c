import { afterEach, describe, expect, it, vi } from 'vitest';
import CaseForm from '@/views/cases/CaseForm.vue';
import { builtInKinds, fakeApi, flushPromises, kind, mountWith, seedKinds, setupPlugins } from './helpers';

describe('CaseForm: a new case\'s kind', () => {
  afterEach(() => vi.unstubAllGlobals());
  let plugins: ReturnType<typeof setupPlugins>;

  async function selectedKind(): Promise<string> {
    const { wrapper } = mountWith(CaseForm, { ...plugins, props: { submitLabel: 'Spara' } });
    await flushPromises();
    const value = (wrapper.find('#case-kind').element as HTMLSelectElement).value;
    wrapper.unmount();
    return value;
  }

  it('is KF-uppdrag (assignment) when the model has it, though KF-mål comes first', async () => {
    fakeApi({ 'GET /api/bodies': { body: [] } });
    plugins = setupPlugins();
    const model = seedKinds();
    expect([...model].sort((a, b) => a.position - b.position)[0].key).not.toBe('assignment');
    expect(await selectedKind()).toBe('assignment');
  });

  it('is the first kind in the model\'s order without an assignment kind', async () => {
    fakeApi({ 'GET /api/bodies': { body: [] } });
    plugins = setupPlugins();
    seedKinds([kind({ key: 'khp_item', name: 'KHP-punkt', position: 2 }), ...builtInKinds().filter((k) => k.key !== 'assignment')]);
    expect(await selectedKind()).toBe('goal');
  });
});
