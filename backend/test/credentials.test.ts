import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, TestApp, type Caller } from './support/app.js';

/** API tokens (list, revoke, lastUsedAt) and the password rule with POST /api/auth/password (issue 12, items 9 and 10). */
describe('API tokens', () => {
  let t: TestApp;
  let admin: Caller;
  let annaId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.body('KS', 'styrelse');
    admin = await t.as([{ role: 'admin' }]);
    annaId = await t.user('anna@example.se', [{ role: 'editor', body: 'KS' }], 'Anna Andersson');
    await t.user('bertil@example.se', [{ role: 'reader' }], 'Bertil');
  });
  afterAll(() => t?.stop());

  async function token(who: Caller, name: string): Promise<{ id: string; token: string }> {
    const res = await t.request('POST', '/api/auth/tokens', { ...who, body: { name } });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('lists own tokens newest first with lastUsedAt, never the secret', async () => {
    const anna = await t.login('anna@example.se');
    const first = await token(anna, 'Rapportskript');
    const second = await token(anna, 'Power BI');
    let list = await t.request('GET', '/api/auth/tokens', anna);
    expect(list.status).toBe(200);
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['Power BI', 'Rapportskript']);
    expect(list.body[0]).toEqual({ id: second.id, name: 'Power BI', createdAt: expect.stringMatching(/Z$/), lastUsedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(first.token);

    expect((await t.request('GET', '/api/auth/me', { token: first.token })).status).toBe(200);
    list = await t.request('GET', '/api/auth/tokens', anna);
    const used = list.body.find((x: { id: string }) => x.id === first.id);
    expect(Date.parse(used.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(list.body.find((x: { id: string }) => x.id === second.id).lastUsedAt).toBeNull();
  });

  it('revokes a token at once, audited; the next request with it is 401', async () => {
    const anna = await t.login('anna@example.se');
    const tok = await token(anna, 'Att återkalla');
    expect((await t.request('GET', '/api/auth/me', { token: tok.token })).status).toBe(200);
    expect((await t.request('DELETE', `/api/auth/tokens/${tok.id}`, anna)).status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: tok.token })).status).toBe(401);
    expect((await t.request('DELETE', `/api/auth/tokens/${tok.id}`, anna)).status).toBe(404);
    const audit = (await t.em.getConnection().execute(`select action, changes from audit_event where action like 'token.%' and entity_id = ? order by at`, [annaId])) as Array<{
      action: string;
      changes: { token?: { before: string | null; after: string | null } };
    }>;
    expect(audit.some((a) => a.action === 'token.created' && a.changes.token?.after === tok.id)).toBe(true);
    expect(audit.some((a) => a.action === 'token.revoked' && a.changes.token?.before === tok.id)).toBe(true);
  });

  it("keeps other users' tokens private: not listed, not revocable (404), except by an admin", async () => {
    const anna = await t.login('anna@example.se');
    const bertil = await t.login('bertil@example.se');
    const tok = await token(anna, 'Annas nyckel');
    expect((await t.request('GET', `/api/auth/tokens?user=${annaId}`, bertil)).status).toBe(403);
    expect((await t.request('DELETE', `/api/auth/tokens/${tok.id}`, bertil)).status).toBe(404);
    expect((await t.request('GET', '/api/auth/me', { token: tok.token })).status).toBe(200);

    const asAdmin = await t.request('GET', `/api/auth/tokens?user=${annaId}`, admin);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.some((x: { id: string }) => x.id === tok.id)).toBe(true);
    expect((await t.request('DELETE', `/api/auth/tokens/${tok.id}`, admin)).status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: tok.token })).status).toBe(401);
  });

  it('answers unknown ids with 404 and bad ids and queries with 400, never 500', async () => {
    const anna = await t.login('anna@example.se');
    expect((await t.request('DELETE', '/api/auth/tokens/not-a-uuid', anna)).status).toBe(404);
    expect((await t.request('DELETE', '/api/auth/tokens/%00', anna)).status).toBe(400);
    const bad = await t.request('GET', '/api/auth/tokens?user=x', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('user');
  });

  it("an admin's password reset ends the user's sessions but not the tokens, which are revoked separately", async () => {
    const anna = await t.login('anna@example.se');
    const tok = await token(anna, 'Överlever återställning');
    const current = await t.request('GET', `/api/users?pageSize=500`, admin);
    const user = current.body.items.find((u: { email: string }) => u.email === 'anna@example.se');
    const reset = await t.request('PATCH', `/api/users/${annaId}`, { ...admin, body: { password: 'ett helt nytt lösenord', version: user.version } });
    expect(reset.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', anna)).status).toBe(401);
    expect((await t.request('GET', '/api/auth/me', { token: tok.token })).status).toBe(200);
    expect((await t.request('DELETE', `/api/auth/tokens/${tok.id}`, admin)).status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token: tok.token })).status).toBe(401);
    // back to the shared test password for the other tests
    await t.em.getConnection().execute(`update app_user set password_hash = (select password_hash from app_user where email = 'bertil@example.se') where id = ?`, [annaId]);
  });
});

describe('passwords', () => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.as([{ role: 'admin' }]);
    await t.user('cecilia.berg@example.se', [{ role: 'reader' }], 'Cecilia Berg');
  });
  afterAll(() => t?.stop());

  const refused: Array<[string, RegExp]> = [
    ['1234567890', /minst 12 tecken/],
    ['          ', /minst 12 tecken/],
    ['aaaaaaaaaaaa', /upprepade/],
    ['123456789012', /teckenföljd/],
    ['abcdefghijkl', /teckenföljd/],
    ['qwerty123456', /vanligt/],
    ['administrator', /vanligt/],
    ['Cecilia.berg-2026', /e-postadress/],
  ];

  it.each(refused)('refuses %j when a user changes their password (400 on newPassword)', async (newPassword, reason) => {
    const me = await t.login('cecilia.berg@example.se');
    const res = await t.request('POST', '/api/auth/password', { ...me, body: { currentPassword: PASSWORD, newPassword } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'newPassword', message: expect.stringMatching(reason) }]);
    expect(res.body.message).toMatch(reason);
  });

  it.each(refused)('refuses %j when an admin sets it (400 on password)', async (password, reason) => {
    // A new user: the e-mail name rule is checked against the new user's own address.
    const email = /e-postadress/.test(String(reason)) ? 'cecilia.berg@kommun.se' : `ny${Math.random().toString(36).slice(2, 8)}@example.se`;
    const created = await t.request('POST', '/api/users', { ...admin, body: { email, name: 'Ny', password, roles: [{ role: 'reader' }] } });
    expect(created.status).toBe(400);
    expect(created.body.details[0]).toEqual({ path: 'password', message: expect.stringMatching(reason) });
    const users = await t.request('GET', '/api/users?pageSize=500', admin);
    const cecilia = users.body.items.find((u: { email: string }) => u.email === 'cecilia.berg@example.se');
    const patched = await t.request('PATCH', `/api/users/${cecilia.id}`, { ...admin, body: { password, version: cecilia.version } });
    expect(patched.status).toBe(400);
    expect(patched.body.details[0]).toEqual({ path: 'password', message: expect.stringMatching(reason) });
  });

  it('writes nothing when a new user is refused for the password', async () => {
    const res = await t.request('POST', '/api/users', { ...admin, body: { email: 'ny@example.se', name: 'Ny', password: 'password1234', roles: [{ role: 'reader' }] } });
    expect(res.status).toBe(400);
    expect((await t.em.getConnection().execute(`select count(*)::int as n from app_user where email = 'ny@example.se'`))[0].n).toBe(0);
  });

  it('refuses a wrong current password with 400 on currentPassword (the session stays)', async () => {
    const me = await t.login('cecilia.berg@example.se');
    const res = await t.request('POST', '/api/auth/password', { ...me, body: { currentPassword: 'inte mitt lösenord', newPassword: 'en lång och ovanlig mening' } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'currentPassword', message: expect.stringMatching(/stämmer inte/) }]);
    expect((await t.request('GET', '/api/auth/me', me)).status).toBe(200);
  });

  it('changes the password, keeps this session, ends the others, audits it; the old password stops working', async () => {
    const here = await t.login('cecilia.berg@example.se');
    const elsewhere = await t.login('cecilia.berg@example.se');
    const res = await t.request('POST', '/api/auth/password', { ...here, body: { currentPassword: PASSWORD, newPassword: 'blåbär i termos på fjället' } });
    expect(res.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', here)).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', elsewhere)).status).toBe(401);
    expect((await t.request('POST', '/api/auth/login', { body: { email: 'cecilia.berg@example.se', password: PASSWORD } })).status).toBe(401);
    expect((await t.request('POST', '/api/auth/login', { body: { email: 'cecilia.berg@example.se', password: 'blåbär i termos på fjället' } })).status).toBe(200);
    const audit = await t.em.getConnection().execute(`select changes from audit_event where action = 'user.password_changed'`);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].changes)).not.toContain('blåbär');
  });

  it('refuses a weak first-admin password at start-up with one line naming the setting', async () => {
    const { parseEnv } = await import('../src/config/env.js');
    expect(() => parseEnv({ DATABASE_URL: 'postgresql://x/y', REDIS_URL: 'redis://x', UPPSIKT_ADMIN_EMAIL: 'chef@kommun.se', UPPSIKT_ADMIN_PASSWORD: 'password1234' })).toThrow(
      /Invalid configuration: UPPSIKT_ADMIN_PASSWORD="\*\*\*": Lösenordet är för vanligt/,
    );
  });
});
