import { afterEach, describe, expect, it } from 'vitest';
import LoginView from '@/views/auth/LoginView.vue';
import { useAuthStore } from '@/stores/auth';
import { fakeApi, flushPromises, mountWith, user } from './helpers';

function labelledControl(wrapper: ReturnType<typeof mountWith>['wrapper'], text: string) {
  const label = wrapper.findAll('label').find((l) => l.text() === text);
  expect(label, `label "${text}"`).toBeTruthy();
  return wrapper.find(`#${label!.attributes('for')}`);
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('LoginView', () => {
  it('has the fields E-post and Lösenord, each with its own label, and the button Logga in', () => {
    const { wrapper } = mountWith(LoginView);
    expect(wrapper.find('h1').text()).toBe('Logga in');
    const email = labelledControl(wrapper, 'E-post');
    const password = labelledControl(wrapper, 'Lösenord');
    expect(email.attributes('type')).toBe('email');
    expect(email.attributes('autocomplete')).toBe('username');
    expect(password.attributes('type')).toBe('password');
    expect(password.attributes('autocomplete')).toBe('current-password');
    const buttons = wrapper.findAll('button').filter((b) => b.text() === 'Logga in');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].attributes('type')).toBe('submit');
  });

  it('explains empty fields and links each message to its field', async () => {
    const { calls } = fakeApi({});
    const { wrapper } = mountWith(LoginView);
    await wrapper.find('form').trigger('submit');
    const email = labelledControl(wrapper, 'E-post');
    expect(email.attributes('aria-invalid')).toBe('true');
    const describedBy = email.attributes('aria-describedby')!;
    expect(wrapper.find(`#${describedBy}`).text()).toBe('Skriv din e-postadress.');
    expect(labelledControl(wrapper, 'Lösenord').attributes('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(0);
  });

  it('logs in with the cookie session and goes to the editor start page', async () => {
    const editor = user([{ role: 'editor', body: 'KS' }]);
    const { calls } = fakeApi({ 'POST /api/auth/login': { body: { user: editor } } });
    const { wrapper, router } = mountWith(LoginView);
    await router.push('/logga-in');
    await labelledControl(wrapper, 'E-post').setValue('ks@uppsikt.test');
    await labelledControl(wrapper, 'Lösenord').setValue('uppsikt-demo');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await flushPromises();
    expect(calls[calls.length - 1]).toMatchObject({ method: 'POST', url: '/api/auth/login', body: { email: 'ks@uppsikt.test', password: 'uppsikt-demo' } });
    expect(useAuthStore().user?.name).toBe(editor.name);
    // The start page is a lazily loaded view: its first import can take longer than a few ticks.
    for (let i = 0; i < 250 && router.currentRoute.value.path !== '/mina-rapporter'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(router.currentRoute.value.path).toBe('/mina-rapporter');
  });

  it('shows one message for wrong credentials and clears the password', async () => {
    fakeApi({
      'GET /api/auth/me': { status: 401, body: { statusCode: 401, message: 'Inte inloggad' } },
      'POST /api/auth/login': { status: 401, body: { statusCode: 401, message: 'Fel e-post eller lösenord' } },
    });
    const { wrapper } = mountWith(LoginView);
    await labelledControl(wrapper, 'E-post').setValue('x@uppsikt.test');
    await labelledControl(wrapper, 'Lösenord').setValue('fel');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Fel e-postadress eller lösenord.');
    expect((labelledControl(wrapper, 'Lösenord').element as HTMLInputElement).value).toBe('');
  });
});
