import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, TestApp } from './support/app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_RATE_LIMIT: '20' });
    await t.body('KS', 'styrelse');
    await t.user('anna@example.se', [{ role: 'editor', body: 'KS' }, { role: 'reader' }], 'Anna Andersson');
  });
  afterAll(() => t?.stop());

  it('logs in with an HttpOnly, SameSite=Strict session cookie and answers /me', async () => {
    const res = await t.request('POST', '/api/auth/login', { body: { email: 'Anna@Example.se', password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'anna@example.se', name: 'Anna Andersson' });
    const cookie = String([res.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(/^uppsikt_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.request('GET', '/api/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(expect.arrayContaining([{ role: 'editor', body: 'KS' }, { role: 'reader' }]));
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    const unknown = await t.request('POST', '/api/auth/login', { body: { email: 'nobody@example.se', password: 'whatever-long' } });
    const wrong = await t.request('POST', '/api/auth/login', { body: { email: 'anna@example.se', password: 'wrong-password' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('stores passwords as argon2id hashes', async () => {
    const rows = await t.em.getConnection().execute(`select password_hash from app_user where email = 'anna@example.se'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('ends the session on the server at logout', async () => {
    const caller = await t.login('anna@example.se');
    expect((await t.request('POST', '/api/auth/logout', caller)).status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', caller)).status).toBe(401);
  });

  it('answers each of many concurrent sessions as its own user, and refuses a session ended meanwhile at once', async () => {
    const emails = ['bo@example.se', 'cia@example.se', 'dan@example.se', 'eva@example.se'];
    for (const e of emails) await t.user(e, [{ role: 'reader' }], e);
    const callers = await Promise.all(emails.map((e) => t.login(e)));
    const ended = await t.login('anna@example.se');
    const asks = Array.from({ length: 60 }, (_, i) => i % emails.length);
    const before = await Promise.all(asks.map((i) => t.request('GET', '/api/auth/me', callers[i])));
    expect(before.map((r) => r.body.email)).toEqual(asks.map((i) => emails[i]));
    // Lookups of other sessions keep batches running while the logout commits.
    const racing = Promise.all(asks.map((i) => t.request('GET', '/api/auth/me', callers[i])));
    expect((await t.request('POST', '/api/auth/logout', ended)).status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', ended)).status).toBe(401);
    expect((await racing).every((r) => r.status === 200)).toBe(true);
  });

  it('expires idle sessions', async () => {
    const caller = await t.login('anna@example.se');
    await t.em.getConnection().execute(`update session set last_seen_at = now() - interval '9 hours'`);
    expect((await t.request('GET', '/api/auth/me', caller)).status).toBe(401);
  });

  it('issues Bearer tokens that act as the user and are stored hashed', async () => {
    const caller = await t.login('anna@example.se');
    const res = await t.request('POST', '/api/auth/tokens', { ...caller, body: { name: 'Skript' } });
    expect(res.status).toBe(201);
    const token = res.body.token as string;
    const me = await t.request('GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('anna@example.se');
    const stored = await t.em.getConnection().execute('select token_hash from api_token');
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await t.request('GET', '/api/auth/me', { token: 'upk_forged' })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write from a foreign Origin but not from our own or without one', async () => {
    const caller = await t.login('anna@example.se');
    const foreign = await t.request('POST', '/api/auth/tokens', { ...caller, origin: 'https://evil.example', body: { name: 'x' } });
    expect(foreign.status).toBe(403);
    const own = await t.request('POST', '/api/auth/tokens', { ...caller, origin: 'http://localhost:3000', body: { name: 'x' } });
    expect(own.status).toBe(201);
    const none = await t.request('POST', '/api/auth/tokens', { ...caller, body: { name: 'y' } });
    expect(none.status).toBe(201);
  });

  it('rejects unknown fields, malformed JSON and bodies over 1 MB with clear errors', async () => {
    const extra = await t.request('POST', '/api/auth/login', { body: { email: 'a@b.se', password: 'x', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.details[0].message).toMatch(/Okänt fält/);
    const broken = await t.request('POST', '/api/auth/login', { body: '{"email": ' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400 });
    const huge = await t.request('POST', '/api/auth/login', { body: { email: 'a@b.se', password: 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
    expect(huge.text).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('sends security headers', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['referrer-policy']).toBeDefined();
  });

  it('rate-limits login attempts with 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 45; i++) {
      codes.push((await t.request('POST', '/api/auth/login', { body: { email: 'victim@example.se', password: 'guess-' + i } })).status);
    }
    expect(codes).toContain(429);
    expect(codes.slice(0, 3).every((c) => c === 401)).toBe(true);
  });
});
