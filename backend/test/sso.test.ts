import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp, PASSWORD, type Caller } from './support/app.js';
import { throughProvider, type TestProvider } from './support/oidc-provider.js';
import { AFTER_LOGOUT, deliver, ssoEnv, ssoLogin, startProvider, toCallback } from './support/sso.js';

/** Single sign-on against a real OpenID Provider (oidc-provider on loopback), issue 16. */
describe('single sign-on', () => {
  let provider: TestProvider;
  let t: TestApp;
  let admin: Caller;

  beforeAll(async () => {
    provider = await startProvider({
      eva: { email: 'Eva.Ek@kommun.se', name: 'Eva Ek', groups: ['alla-anstallda', 'uppsikt-handlaggare-ks'] },
      gustav: { email: 'gustav.granskare@kommun.se', name: 'Gustav Granskare', groups: ['uppsikt-granskare'] },
      nils: { email: 'nils.nilsson@kommun.se', name: 'Nils Nilsson', groups: ['alla-anstallda'] },
      kim: { email: 'kim@kommun.se', name: 'Kim', groups: ['uppsikt-lasare'] },
    });
    t = await TestApp.start(ssoEnv(provider, { OIDC_ACCESS_CONTACT: 'Servicedesk, 090-16 10 00' }));
    await t.body('KS', 'styrelse');
    admin = await t.as([{ role: 'admin' }]);
  });
  afterAll(async () => {
    await t?.stop();
    await provider?.stop();
  });

  const sessionCount = async () => Number((await t.em.getConnection().execute('select count(*)::int as n from session'))[0].n);

  it('tells the login page about the button', async () => {
    const res = await t.request('GET', '/api/auth/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ localLogin: true, sso: { name: 'Umeå kommuns konto', accessContact: 'Servicedesk, 090-16 10 00' } });
  });

  it('sends the browser to the provider with PKCE S256, state and nonce, kept server-side (hashed state)', async () => {
    const res = await t.request('GET', '/api/auth/sso/login');
    expect(res.status).toBe(302);
    const url = new URL(String(res.headers.location));
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/api/auth/sso/callback');
    const state = url.searchParams.get('state')!;
    expect(state.length).toBeGreaterThan(20);
    expect(url.searchParams.get('nonce')!.length).toBeGreaterThan(20);
    const rows = await t.em.getConnection().execute('select state_hash, expires_at from oidc_login');
    expect(JSON.stringify(rows)).not.toContain(state);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('logs a user in end to end through the provider: created at first login with the mapped roles, audited', async () => {
    const before = await sessionCount();
    const { res, caller } = await ssoLogin(t, 'eva');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const cookie = String([res.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(await sessionCount()).toBe(before + 1);
    const me = await t.request('GET', '/api/auth/me', caller);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'eva.ek@kommun.se', name: 'Eva Ek', roles: [{ role: 'editor', body: 'KS' }], sso: true });
    const audit = (await t.em.getConnection().execute(`select action, changes from audit_event where entity_id = ? order by at, id`, [me.body.id])) as Array<{
      action: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }>;
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.roles_synced']);
    expect(audit[1].changes.roles).toEqual({ before: [], after: [{ role: 'editor', body: 'KS' }] });
  });

  it('replaces the roles from the claim at the next login (before/after in the audit) and shows admins the sync', async () => {
    provider.accounts.get('gustav')!.groups = ['uppsikt-granskare'];
    const first = await ssoLogin(t, 'gustav');
    expect((await t.request('GET', '/api/auth/me', first.caller)).body.roles).toEqual([{ role: 'reviewer' }]);
    provider.accounts.get('gustav')!.groups = ['uppsikt-lasare', 'uppsikt-handlaggare-ks'];
    const second = await ssoLogin(t, 'gustav');
    const me = await t.request('GET', '/api/auth/me', second.caller);
    expect(me.body.roles).toEqual([
      { role: 'editor', body: 'KS' },
      { role: 'reader' },
    ]);
    const [sync] = await t.em.getConnection().execute(`select changes from audit_event where entity_id = ? and action = 'user.roles_synced' order by at desc, id desc limit 1`, [me.body.id]);
    expect(sync.changes.roles.before).toEqual([{ role: 'reviewer' }]);
    expect(sync.changes.roles.after).toEqual(expect.arrayContaining([{ role: 'reader' }, { role: 'editor', body: 'KS' }]));
    const users = await t.request('GET', '/api/users?pageSize=500', admin);
    const row = users.body.items.find((u: { email: string }) => u.email === 'gustav.granskare@kommun.se');
    expect(row.sso).toBe(true);
    expect(Date.parse(row.rolesSyncedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(users.body.items.find((u: { sso: boolean; rolesSyncedAt: string | null }) => !u.sso)).toMatchObject({ rolesSyncedAt: null });
  });

  it('refuses a user whose groups map to no role: no session, no account, the "Behörighet saknas" page', async () => {
    const before = await sessionCount();
    const { res, caller } = await ssoLogin(t, 'nils');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/behorighet-saknas');
    expect(caller).toBeUndefined();
    expect(await sessionCount()).toBe(before);
    expect((await t.em.getConnection().execute(`select count(*)::int as n from app_user where email = 'nils.nilsson@kommun.se'`))[0].n).toBe(0);
  });

  it('takes the roles away from a user who lost every mapped group, and gives no session', async () => {
    provider.accounts.set('lisa', { email: 'lisa@kommun.se', name: 'Lisa', groups: ['uppsikt-lasare'] });
    const first = await ssoLogin(t, 'lisa');
    expect(first.caller).toBeDefined();
    provider.accounts.get('lisa')!.groups = ['alla-anstallda'];
    const second = await ssoLogin(t, 'lisa');
    expect(second.res.headers.location).toBe('/behorighet-saknas');
    expect(second.caller).toBeUndefined();
    const grants = await t.em.getConnection().execute(`select g.role from role_grant g join app_user u on u.id = g.user_id where u.email = 'lisa@kommun.se'`);
    expect(grants).toEqual([]);
    expect((await t.request('GET', '/api/cases', first.caller)).status).toBe(403);
  });

  it('refuses a tampered state', async () => {
    const { callback } = await toCallback(t, 'kim');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const { res, caller } = await deliver(t, tampered);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/logga-in?sso=invalid');
    expect(caller).toBeUndefined();
    const none = new URL(callback);
    none.searchParams.delete('state');
    expect((await deliver(t, none)).res.headers.location).toBe('/logga-in?sso=invalid');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { callback } = await toCallback(t, 'kim');
    await t.em.getConnection().execute(`update oidc_login set nonce = 'another-nonce-than-the-one-sent'`);
    const { res, caller } = await deliver(t, callback);
    expect(res.headers.location).toBe('/logga-in?sso=unverified');
    expect(caller).toBeUndefined();
  });

  it('refuses an expired login', async () => {
    const { callback } = await toCallback(t, 'kim');
    await t.em.getConnection().execute(`update oidc_login set expires_at = now() - interval '1 second'`);
    const { res, caller } = await deliver(t, callback);
    expect(res.headers.location).toBe('/logga-in?sso=expired');
    expect(caller).toBeUndefined();
  });

  it('never gives a session for a replayed callback, nor for a used code under a fresh state', async () => {
    const { callback } = await toCallback(t, 'kim');
    const first = await deliver(t, callback);
    expect(first.caller).toBeDefined();
    const replay = await deliver(t, callback);
    expect(replay.res.headers.location).toBe('/logga-in?sso=invalid');
    expect(replay.caller).toBeUndefined();

    const again = await t.request('GET', '/api/auth/sso/login');
    const fresh = new URL(String(again.headers.location)).searchParams.get('state')!;
    const usedCode = new URL(callback);
    usedCode.searchParams.set('state', fresh);
    const reused = await deliver(t, usedCode);
    expect(reused.res.headers.location).toBe('/logga-in?sso=unverified');
    expect(reused.caller).toBeUndefined();
  });

  it('refuses an ID token signed by a key the provider does not publish', async () => {
    provider.publishForeignKeys(true);
    try {
      const { res, caller } = await ssoLogin(t, 'kim');
      expect(res.headers.location).toBe('/logga-in?sso=unverified');
      expect(caller).toBeUndefined();
    } finally {
      provider.publishForeignKeys(false);
    }
  });

  it('follows a key rotation: the next login is signed with the new key and accepted', async () => {
    const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid as string;
    const before = await ssoLogin(t, 'kim');
    expect(before.res.headers.location).toBe('/');
    const [{ id_token: oldToken }] = await t.em.getConnection().execute('select id_token from session where id_token is not null order by created_at desc limit 1');
    provider.rotateKeys();
    const after = await ssoLogin(t, 'kim');
    expect(after.res.headers.location).toBe('/');
    expect(after.caller).toBeDefined();
    const [{ id_token: newToken }] = await t.em.getConnection().execute('select id_token from session where id_token is not null order by created_at desc limit 1');
    expect(kidOf(newToken)).not.toBe(kidOf(oldToken));
  });

  it('says the provider cannot be reached (Swedish page, no 500) when it is down at login or at the callback', async () => {
    const { callback } = await toCallback(t, 'kim');
    await provider.down();
    try {
      const start = await t.request('GET', '/api/auth/sso/login');
      expect(start.status).toBe(302);
      expect(start.headers.location).toBe('/logga-in?sso=unavailable');
      const { res, caller } = await deliver(t, callback);
      expect(res.headers.location).toBe('/logga-in?sso=unavailable');
      expect(caller).toBeUndefined();
    } finally {
      await provider.up();
    }
    expect((await ssoLogin(t, 'kim')).caller).toBeDefined();
  });

  it('logs out at the provider too (RP-initiated logout with id_token_hint and post_logout_redirect_uri)', async () => {
    const jar = new Map<string, string>();
    await ssoLogin(t, 'eva', jar);
    const whileAlive: string[] = [];
    const { caller } = await ssoLogin(t, 'eva', jar, whileAlive);
    expect(whileAlive).not.toContain('login'); // the provider's session is alive
    const res = await t.request('POST', '/api/auth/logout', caller);
    expect(res.status).toBe(200);
    const redirect = new URL(res.body.redirect);
    expect(redirect.origin).toBe(provider.issuer);
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe(AFTER_LOGOUT);
    expect(redirect.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(String([res.headers['set-cookie']].flat()[0])).toMatch(/uppsikt_session=;/);
    expect((await t.request('GET', '/api/auth/me', caller)).status).toBe(401);
    // The provider confirms, ends its session and sends the browser back to Uppsikt's login page.
    expect((await throughProvider(redirect.href, 'eva', jar)).href).toBe(AFTER_LOGOUT);
    // Its session is gone: the next login asks for credentials again (while it lived, it did not).
    const pages: string[] = [];
    const start = await t.request('GET', '/api/auth/sso/login');
    await throughProvider(String(start.headers.location), 'eva', jar, pages);
    expect(pages).toContain('login');
  });

  it('keeps 204 for a local user and refuses cross-site writes with an SSO session as with a local one', async () => {
    const local = await t.as([{ role: 'reader' }]);
    expect((await t.request('POST', '/api/auth/logout', local)).status).toBe(204);
    const { caller } = await ssoLogin(t, 'kim');
    expect((await t.request('POST', '/api/auth/tokens', { ...caller, origin: 'https://evil.example', body: { name: 'x' } })).status).toBe(403);
    expect((await t.request('POST', '/api/auth/tokens', { ...caller, origin: 'http://localhost:3000', body: { name: 'x' } })).status).toBe(201);
    const pw = await t.request('POST', '/api/auth/password', { ...caller, body: { currentPassword: PASSWORD, newPassword: 'en lång ovanlig mening' } });
    expect(pw.status).toBe(400);
    expect(pw.body.details[0].path).toBe('currentPassword');
  });
});

describe('single sign-on with LOCAL_LOGIN=0', () => {
  let provider: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startProvider({
      anna: { email: 'anna@kommun.se', name: 'Anna', groups: ['uppsikt-lasare'] },
      nod: { email: 'nod@kommun.se', name: 'Nödkonto', groups: ['uppsikt-admin'] },
    });
    t = await TestApp.start(ssoEnv(provider, { LOCAL_LOGIN: '0', UPPSIKT_ADMIN_EMAIL: 'nod@kommun.se', LOGIN_RATE_LIMIT: '20' }));
    await t.user('nod@kommun.se', [{ role: 'admin' }]);
    await t.user('lokal@kommun.se', [{ role: 'reader' }]);
  });
  afterAll(async () => {
    await t?.stop();
    await provider?.stop();
  });

  it('lets only UPPSIKT_ADMIN_EMAIL log in with a password (the same 401 for everyone else)', async () => {
    expect((await t.request('GET', '/api/auth/config')).body.localLogin).toBe(false);
    const local = await t.request('POST', '/api/auth/login', { body: { email: 'lokal@kommun.se', password: PASSWORD } });
    expect(local.status).toBe(401);
    const unknown = await t.request('POST', '/api/auth/login', { body: { email: 'okand@kommun.se', password: PASSWORD } });
    expect(local.body).toEqual(unknown.body);
    expect((await t.request('POST', '/api/auth/login', { body: { email: 'NOD@kommun.se', password: PASSWORD } })).status).toBe(200);
  });

  it('keeps the break-glass account out of single sign-on', async () => {
    const { res, caller } = await ssoLogin(t, 'nod');
    expect(res.headers.location).toBe('/logga-in?sso=breakglass');
    expect(caller).toBeUndefined();
  });

  it('rate-limits single sign-on per address like the password login', async () => {
    const places: string[] = [];
    for (let i = 0; i < 60; i++) places.push(String((await t.request('GET', '/api/auth/sso/login')).headers.location));
    expect(places[0]).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(places).toContain('/logga-in?sso=limited');
  });
});
