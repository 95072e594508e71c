import { afterEach, describe, expect, it, vi } from 'vitest';
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
    expect(calls.filter((c) => c.url === '/api/auth/login')).toHaveLength(0);
  });

  it('offers "Logga in med …" from GET /api/auth/config above the password form', async () => {
    fakeApi({ 'GET /api/auth/config': { body: { localLogin: true, sso: { name: 'Umeå kommuns konto', accessContact: null } } } });
    const { wrapper, router } = mountWith(LoginView);
    await router.push('/logga-in?redirect=/uppdrag');
    await flushPromises();
    const link = wrapper.findAll('a').find((a) => a.text() === 'Logga in med Umeå kommuns konto');
    expect(link?.attributes('href')).toBe('/api/auth/sso/login?redirect=%2Fuppdrag');
    expect(wrapper.find('form').exists()).toBe(true);
  });

  it('with LOCAL_LOGIN=0 keeps the password form behind a break-glass button', async () => {
    fakeApi({ 'GET /api/auth/config': { body: { localLogin: false, sso: { name: 'kommunens konto', accessContact: null } } } });
    const { wrapper } = mountWith(LoginView);
    await flushPromises();
    expect(wrapper.find('form').exists()).toBe(false);
    const open = wrapper.findAll('button').find((b) => b.text().startsWith('Logga in med lösenord'));
    expect(open?.attributes('aria-expanded')).toBe('false');
    await open!.trigger('click');
    expect(wrapper.find('form').exists()).toBe(true);
  });

  it('says in Swedish why a single sign-on came back without a session', async () => {
    fakeApi({ 'GET /api/auth/config': { body: { localLogin: true, sso: { name: 'kommunens konto', accessContact: null } } } });
    const { wrapper, router } = mountWith(LoginView);
    await router.push('/logga-in?sso=unavailable');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Kommunens inloggningstjänst svarar inte just nu. Försök igen om en stund.');
  });

  it('logs in with the cookie session and goes to the editor start page', async () => {
    const editor = user([{ role: 'editor', body: 'KS' }]);
    const { calls } = fakeApi({ 'POST /api/auth/login': { body: { user: editor } } });
    const { wrapper, router } = mountWith(LoginView);
    await router.push('/logga-in');
    await labelledControl(wrapper, 'E-post').setValue('ks@uppsikt.test');
    await labelledControl(wrapper, 'Lösenord').setValue('uppsikt-demo');
    await wrapper.find('form').trigger('submit');
    // The login call, then the lazily loaded start page (the config request on mount runs beside them).
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/mina-rapporter'), { timeout: 5_000 });
    expect(calls.filter((c) => c.url === '/api/auth/login').at(-1)).toMatchObject({ method: 'POST', url: '/api/auth/login', body: { email: 'ks@uppsikt.test', password: 'uppsikt-demo' } });
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
