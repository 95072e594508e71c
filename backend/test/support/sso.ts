import type { Role } from '@uppsikt/shared';
import { startOidcProvider, throughProvider, type TestProvider } from './oidc-provider.js';
import { TestApp, type Caller, type Reply } from './app.js';

export const CALLBACK = 'http://localhost:3000/api/auth/sso/callback';
export const AFTER_LOGOUT = 'http://localhost:3000/logga-in?utloggad=1';

/** Group names at the provider → Uppsikt roles (OIDC_ROLE_MAP). */
export const ROLE_MAP: Record<string, Array<{ role: Role; body?: string }>> = {
  'uppsikt-admin': [{ role: 'admin' }],
  'uppsikt-granskare': [{ role: 'reviewer' }],
  'uppsikt-lasare': [{ role: 'reader' }],
  'uppsikt-handlaggare-ks': [{ role: 'editor', body: 'KS' }],
  'uppsikt-handlaggare-tn': [{ role: 'editor', body: 'TN' }],
  'uppsikt-handlaggare-ifn': [{ role: 'editor', body: 'IFN' }],
};

export function groupFor(grant: { role: Role; body?: string }): string {
  const entry = Object.entries(ROLE_MAP).find(([, grants]) => grants[0].role === grant.role && (grants[0].body ?? '') === (grant.body ?? ''));
  if (!entry) throw new Error(`No group maps to ${JSON.stringify(grant)}`);
  return entry[0];
}

export async function startProvider(accounts: Parameters<typeof startOidcProvider>[0]['accounts'] = {}): Promise<TestProvider> {
  return startOidcProvider({ redirectUris: [CALLBACK], postLogoutRedirectUris: [AFTER_LOGOUT], accounts });
}

/** The environment that points the app at the provider. */
export function ssoEnv(provider: TestProvider, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: 'Umeå kommuns konto',
    OIDC_ROLE_MAP: JSON.stringify(ROLE_MAP),
    ...extra,
  };
}

export interface SsoAttempt {
  /** The provider's redirect back to Uppsikt. */
  callback: URL;
  /** Uppsikt's answer to it. */
  res: Reply;
  /** The session, when one was given. */
  caller?: Caller;
  jar: Map<string, string>;
}

/** Clicks "Logga in med …": GET /api/auth/sso/login, through the provider's pages as `accountId`, up to (not into) the callback. */
export async function toCallback(t: TestApp, accountId: string, jar = new Map<string, string>(), pages: string[] = []): Promise<{ callback: URL; jar: Map<string, string> }> {
  const start = await t.request('GET', '/api/auth/sso/login');
  if (start.status !== 302) throw new Error(`sso/login: ${start.status} ${start.text}`);
  return { callback: await throughProvider(String(start.headers.location), accountId, jar, pages), jar };
}

/** Delivers a callback to Uppsikt (as the browser would follow the provider's redirect). */
export async function deliver(t: TestApp, callback: URL): Promise<{ res: Reply; caller?: Caller }> {
  const res = await t.request('GET', callback.pathname + callback.search);
  const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('uppsikt_session='));
  return { res, caller: cookie ? { cookie: cookie.split(';')[0] } : undefined };
}

export async function ssoLogin(t: TestApp, accountId: string, jar?: Map<string, string>, pages?: string[]): Promise<SsoAttempt> {
  const { callback, jar: j } = await toCallback(t, accountId, jar, pages);
  return { callback, jar: j, ...(await deliver(t, callback)) };
}

let seq = 0;
/** A new provider account with the groups for these roles, logged in to Uppsikt through the provider. */
export async function ssoAs(t: TestApp, provider: TestProvider, roles: Array<{ role: Role; body?: string }>): Promise<Caller> {
  const id = `sso${++seq}-${Date.now().toString(36)}`;
  provider.accounts.set(id, { email: `${id}@kommun.se`, name: `SSO ${id}`, groups: roles.map(groupFor) });
  const attempt = await ssoLogin(t, id);
  if (!attempt.caller) throw new Error(`SSO login of ${id} gave no session: ${attempt.res.status} ${String(attempt.res.headers.location)}`);
  return attempt.caller;
}
