import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Provider for tests: `oidc-provider` (certified) on loopback, with one confidential
 * client, accounts whose `groups` claim the tests map to roles, and its development interaction
 * pages (login form, consent). Plain JavaScript-compatible TypeScript (erasable syntax only), so the
 * benchmark and the start-up demo can load it with Node's type stripping as well.
 */
export interface OidcAccount {
  email: string;
  name: string;
  groups: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, OidcAccount>;
  /** Starts signing with a new key (the old one stays published, as providers do when they roll keys). */
  rotateKeys(): void;
  /** Publishes an unrelated key set at the JWKS endpoint: ID tokens are then signed by a key the client cannot find. */
  publishForeignKeys(on: boolean): void;
  /** Takes the provider off the network (connections refused) and brings it back on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Milliseconds the provider itself spent answering (for the benchmark to subtract). */
  busyMs(): number;
  stop(): Promise<void>;
}

export interface ProviderOptions {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: Record<string, OidcAccount>;
  port?: number;
}

function signingKey(kid: string): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

function publicOnly(jwk: Record<string, unknown>): Record<string, unknown> {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

export async function startOidcProvider(opts: ProviderOptions): Promise<TestProvider> {
  const clientId = 'uppsikt';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map(Object.entries(opts.accounts));
  const cookieKeys = [randomBytes(32).toString('base64url')];
  let keys = [signingKey(`k${Date.now()}`)];
  let foreign: Record<string, unknown>[] | null = null;
  let busy = 0;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    res.on('finish', () => (busy += performance.now() - started));
    if (foreign && req.url?.startsWith('/jwks')) {
      res.setHeader('content-type', 'application/jwk-set+json');
      res.end(JSON.stringify({ keys: foreign }));
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const build = () => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: opts.redirectUris,
          post_logout_redirect_uris: opts.postLogoutRedirectUris,
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: keys as never },
      cookies: { keys: cookieKeys },
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      findAccount: (_ctx, id) => {
        const account = accounts.get(id);
        if (!account) return undefined;
        return { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: true, name: account.name, groups: account.groups }) };
      },
    };
    const provider = new Provider(issuer, configuration);
    return provider.callback();
  };
  let handler = build();

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    rotateKeys() {
      keys = [signingKey(`k${Date.now()}r`), ...keys];
      handler = build();
    },
    publishForeignKeys(on: boolean) {
      foreign = on ? [publicOnly(signingKey(`foreign${Date.now()}`)), ...keys.slice(1).map(publicOnly)] : null;
    },
    async down() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async up() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    busyMs: () => busy,
    async stop() {
      if (server.listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/**
 * Goes through the provider's pages as a browser would: follows redirects with a cookie jar,
 * fills the login form with the account id, submits consent (and the logout confirmation), until
 * the provider redirects away from itself. Answers that URL (the client's callback); `pages` gets
 * the kind of each page filled in ('login', 'consent', 'logout').
 */
export async function throughProvider(startUrl: string, accountId: string, jar: Map<string, string> = new Map(), pages: string[] = []): Promise<URL> {
  const origin = new URL(startUrl).origin;
  let url = startUrl;
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      body,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (!value || /expires=Thu, 01 Jan 1970/iu.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.origin !== origin) return next;
      url = next.href;
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
    if (!action) throw new Error(`No form on the provider's page ${url} (${res.status}): ${html.slice(0, 500)}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gu)) fields.set(m[1], m[2]);
    if (/name="login"/u.test(html)) {
      fields.set('login', accountId);
      fields.set('password', 'any password');
      pages.push('login');
    } else if (/name="logout"/u.test(html)) {
      fields.set('logout', 'yes');
      pages.push('logout');
    } else pages.push('consent');
    url = new URL(action.replace(/&amp;/gu, '&'), url).href;
    body = fields.toString();
  }
  throw new Error(`The provider did not redirect back within 20 steps (last: ${url})`);
}
