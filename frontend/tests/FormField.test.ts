import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { mount } from '@vue/test-utils';
import FormField from '@/components/FormField.vue';

const field = (props: Record<string, unknown>) =>
  mount(FormField, { props: { id: 'case-text', label: 'Text', ...props }, slots: { default: ({ control }: { control: Record<string, unknown> }) => h('input', { type: 'text', ...control }) } });

describe('FormField', () => {
  it('labels the control and ties hint and error to it', () => {
    const w = field({ hint: 'Högst 2 000 tecken.', error: 'Texten saknas' });
    const input = w.find('input');
    expect(w.find('label').attributes('for')).toBe('case-text');
    expect(input.attributes('id')).toBe('case-text');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toBe('case-text-hint case-text-error');
    expect(w.find('#case-text-hint').text()).toBe('Högst 2 000 tecken.');
    expect(w.find('#case-text-error').text()).toBe('Texten saknas');
  });

  it('describes the control by its hint alone, or by nothing, while it is valid', () => {
    const hinted = field({ hint: 'Högst 2 000 tecken.', error: null }).find('input');
    expect(hinted.attributes('aria-invalid')).toBeUndefined();
    expect(hinted.attributes('aria-describedby')).toBe('case-text-hint');
    const plain = field({});
    expect(plain.find('input').attributes('aria-describedby')).toBeUndefined();
    expect(plain.find('.field__hint').exists()).toBe(false);
    expect(plain.find('.field__error').exists()).toBe(false);
  });
});

describe('FormField with text outside it', () => {
  it('puts the ids of outside text first, then its own hint and error', () => {
    const input = field({ describedBy: 'period-deadline-hint', error: 'Ange en tid' }).find('input');
    expect(input.attributes('aria-describedby')).toBe('period-deadline-hint case-text-error');
  });
});
