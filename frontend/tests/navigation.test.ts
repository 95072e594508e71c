import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '@uppsikt/shared';
import AppHeader from '@/components/layout/AppHeader.vue';
import { homeRouteName, visibleNavItems } from '@/router/access';
import { useAuthStore } from '@/stores/auth';
import { i18n } from '@/i18n';
import { fakeApi, flushPromises, mountWith, setupPlugins, user } from './helpers';

const names = (roles: Role[]) => visibleNavItems(roles).map((i) => i18n.global.t(i.labelKey));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('navigation by role', () => {
  it('shows each item only to the roles that may use it', () => {
    expect(names(['editor'])).toEqual(['Mina rapporter', 'Uppdrag', 'Översikt']);
    expect(names(['reviewer'])).toEqual(['Granskning', 'Uppdrag', 'Översikt', 'Perioder', 'Import och export']);
    expect(names(['admin'])).toEqual(['Granskning', 'Uppdrag', 'Översikt', 'Perioder', 'Import och export', 'Administration']);
    expect(names(['reader'])).toEqual(['Uppdrag', 'Översikt']);
    expect(names(['editor', 'reviewer'])).toEqual(['Mina rapporter', 'Granskning', 'Uppdrag', 'Översikt', 'Perioder', 'Import och export']);
    expect(names([])).toEqual([]);
  });

  it('sends each user to their own work first', () => {
    expect(homeRouteName(['editor'])).toBe('my-reports');
    expect(homeRouteName(['reviewer'])).toBe('review');
    expect(homeRouteName(['reader'])).toBe('overview');
  });

  it('the header shows the links, the user name and Logga ut', () => {
    const plugins = setupPlugins();
    useAuthStore().user = user([{ role: 'editor', body: 'TN' }], 'Tina Nämndsson');
    const { wrapper } = mountWith(AppHeader, plugins);
    const links = wrapper.findAll('nav a').map((a) => a.text());
    expect(links).toEqual(['Mina rapporter', 'Uppdrag', 'Översikt']);
    expect(wrapper.find('nav').attributes('aria-label')).toBe('Huvudmeny');
    expect(wrapper.text()).toContain('Tina Nämndsson');
    expect(wrapper.findAll('button').map((b) => b.text())).toContain('Logga ut');
  });

  it('logged out, the header has no navigation', () => {
    const { wrapper } = mountWith(AppHeader);
    expect(wrapper.find('nav').exists()).toBe(false);
    expect(wrapper.text()).toContain('Uppsikt');
  });
});

describe('route guards', () => {
  it('asks for login first and comes back afterwards', async () => {
    fakeApi({ 'GET /api/auth/me': { status: 401, body: { statusCode: 401, message: 'Inte inloggad' } } });
    const { router } = setupPlugins();
    await router.push('/granskning');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/granskning');
  });

  it('keeps an editor out of reviewer pages', async () => {
    fakeApi({ 'GET /api/auth/me': { body: user([{ role: 'editor', body: 'KS' }]) } });
    const { router } = setupPlugins();
    await router.push('/perioder');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('forbidden');
    await router.push('/mina-rapporter');
    expect(router.currentRoute.value.name).toBe('my-reports');
  });

  it('open data needs no login; unknown paths get the 404 page', async () => {
    fakeApi({ 'GET /api/auth/me': { status: 401, body: { statusCode: 401, message: 'Inte inloggad' } } });
    const { router } = setupPlugins();
    await router.push('/oppen-data');
    expect(router.currentRoute.value.name).toBe('open-data');
    await router.push('/finns/inte');
    expect(router.currentRoute.value.name).toBe('not-found');
  });

  it('case references with a colon survive the round trip through the URL', async () => {
    fakeApi({ 'GET /api/auth/me': { body: user([{ role: 'reader' }]) } });
    const { router } = setupPlugins();
    await router.push('/uppdrag/2021%3A8');
    expect(router.currentRoute.value.params.reference).toBe('2021:8');
    await router.push({ name: 'case', params: { reference: 'Prog 1.1/2024' } });
    expect(router.currentRoute.value.params.reference).toBe('Prog 1.1/2024');
  });
});
