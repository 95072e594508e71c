import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import StatusNotice from '@/components/StatusNotice.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('StatusNotice', () => {
  it('shows nothing until announced, then the text as a focused status message; clear hides it', async () => {
    const wrapper = mount(StatusNotice, { attachTo: document.body });
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
    await wrapper.vm.announce('Sparat.');
    const status = wrapper.find('[role="status"]');
    expect(status.text()).toBe('Sparat.');
    expect(status.attributes('tabindex')).toBe('-1');
    expect(document.activeElement).toBe(status.element);
    wrapper.vm.clear();
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
  });
});
