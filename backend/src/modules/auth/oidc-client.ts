import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as oidc from 'openid-client';
import { AppConfig } from '../../config/env.js';
import { Clock } from '../../common/clock.js';
import { CredentialsRepository } from './credentials.repository.js';
import { sha256 } from './tokens.js';

/** How long a login may take at the provider before its callback is refused. */
const LOGIN_TTL_MS = 10 * 60_000;
/** Seconds to wait for the provider's discovery, token and userinfo endpoints. */
const PROVIDER_TIMEOUT_S = 8;

/** Why a callback did not yield a session; the login page shows a Swedish message for each. */
export type SsoFailure = 'breakglass' | 'denied' | 'invalid' | 'expired' | 'unverified' | 'unavailable' | 'noemail' | 'norole' | 'off' | 'limited';

/** Time spent waiting on the provider within one request (reported as Server-Timing `idp`). */
const providerTime = new AsyncLocalStorage<{ ms: number }>();

const timedFetch: oidc.CustomFetch = async (url, options) => {
  const started = performance.now();
  try {
    return await fetch(url, options as RequestInit);
  } finally {
    const timer = providerTime.getStore();
    if (timer) timer.ms += performance.now() - started;
  }
};

/** Runs `fn`, measuring how long it waited on the provider. */
export async function timingProvider<T>(fn: () => Promise<T>): Promise<{ result: T; providerMs: number }> {
  const timer = { ms: 0 };
  const result = await providerTime.run(timer, fn);
  return { result, providerMs: timer.ms };
}

export class SsoError extends Error {
  constructor(
    readonly reason: SsoFailure,
    detail?: string,
  ) {
    super(detail ?? reason);
  }
}

export interface SsoIdentity {
  /** The provider's issuer and the user's `sub`, joined by a space: the stable link to the user. */
  subject: string;
  email: string;
  name: string;
  /** The values of OIDC_ROLES_CLAIM (group ids or names). */
  groups: string[];
  idToken: string;
  returnTo: string | null;
}

/**
 * The OpenID Connect relying party, on openid-client 6: discovery from OIDC_ISSUER, the
 * authorization code flow with PKCE (S256), state and nonce kept server-side (single use,
 * short-lived), ID-token validation (signature against the provider's JWKS, iss, aud, exp,
 * nonce), userinfo for claims the ID token lacks, and RP-initiated logout.
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger(OidcClient.name);
  private config: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly settings: AppConfig,
    private readonly credentials: CredentialsRepository,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return Boolean(this.settings.env.OIDC_ISSUER);
  }

  get redirectUri(): string {
    return `${this.settings.appUrl}/api/auth/sso/callback`;
  }

  get postLogoutRedirectUri(): string {
    return `${this.settings.appUrl}/logga-in?utloggad=1`;
  }

  /**
   * The provider's configuration. A login always discovers afresh: it proves the provider is up
   * before the user is sent there, and a new configuration starts with an empty key cache, so keys
   * the provider has rotated in are fetched. Callbacks and logouts reuse the last one.
   */
  private configuration(fresh: boolean): Promise<oidc.Configuration> {
    if (fresh || !this.config) {
      const env = this.settings.env;
      const issuer = new URL(env.OIDC_ISSUER!);
      const loading = oidc
        .discovery(issuer, env.OIDC_CLIENT_ID!, env.OIDC_CLIENT_SECRET!, undefined, {
          timeout: PROVIDER_TIMEOUT_S,
          [oidc.customFetch]: timedFetch,
          // Plain http only for a provider on this machine (development, tests).
          // ID tokens are checked against the provider's published keys too (not only trusted for
          // arriving over TLS), so a token signed by a key it does not publish is refused.
          execute: [oidc.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' && isLoopback(issuer.hostname) ? [oidc.allowInsecureRequests] : [])],
        })
        .catch((e: unknown) => {
          if (this.config === loading) this.config = null;
          this.logger.warn(`OpenID provider discovery failed: ${describe(e)}`);
          throw new SsoError('unavailable', describe(e));
        });
      this.config = loading;
    }
    return this.config;
  }

  /** Starts a login: stores state, nonce and PKCE verifier, and answers the provider's authorization URL. */
  async start(returnTo: string | null): Promise<string> {
    const config = await this.configuration(true);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const now = this.clock.now();
    await this.credentials.saveLogin({ stateHash: sha256(state), codeVerifier, nonce, returnTo, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_TTL_MS) });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.env.OIDC_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return url.href;
  }

  /**
   * Completes a login from the provider's redirect. The stored login is taken (deleted) first, so
   * a replayed callback finds nothing; every check failing is an SsoError, never a session.
   */
  async finish(callbackUrl: URL): Promise<SsoIdentity> {
    const state = callbackUrl.searchParams.get('state');
    if (!state) throw new SsoError('invalid', 'no state');
    const login = await this.credentials.takeLogin(sha256(state));
    if (!login) throw new SsoError('invalid', 'unknown or used state');
    if (new Date(login.expires_at).getTime() <= this.clock.now().getTime()) throw new SsoError('expired');
    const error = callbackUrl.searchParams.get('error');
    if (error) throw new SsoError(error === 'access_denied' ? 'denied' : 'unverified', `provider said ${error}`);

    const config = await this.configuration(false);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw this.failure(e);
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new SsoError('unverified', 'no ID token');
    const rolesClaim = this.settings.env.OIDC_ROLES_CLAIM;
    let info: Record<string, unknown> = { ...claims };
    if (!info.email || !info.name || info[rolesClaim] === undefined) {
      try {
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        info = { ...userinfo, ...info };
        for (const key of ['email', 'name', rolesClaim]) if (info[key] === undefined && userinfo[key] !== undefined) info[key] = userinfo[key];
      } catch (e) {
        throw this.failure(e);
      }
    }
    const email = typeof info.email === 'string' ? info.email.trim().toLowerCase() : '';
    if (!email) throw new SsoError('noemail');
    const raw = info[rolesClaim];
    const groups = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map(String);
    const name = typeof info.name === 'string' && info.name.trim() ? info.name.trim() : email;
    return { subject: `${claims.iss} ${claims.sub}`, email, name, groups, idToken: tokens.id_token, returnTo: login.return_to };
  }

  /** The provider's end-session URL for RP-initiated logout, or null when it offers none (or is unreachable). */
  async endSessionUrl(idToken: string): Promise<string | null> {
    let config: oidc.Configuration;
    try {
      config = await this.configuration(false);
    } catch {
      return null;
    }
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUri }).href;
  }

  private failure(e: unknown): SsoError {
    if (e instanceof SsoError) return e;
    const err = e as { code?: string; name?: string; cause?: unknown };
    // Network trouble: the provider cannot be reached (or did not answer in time).
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError' || err?.name === 'TypeError' || err?.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
      if (err.name !== 'TypeError' || /fetch failed/u.test(String((e as Error).message))) {
        this.logger.warn(`OpenID provider unreachable: ${describe(e)}`);
        return new SsoError('unavailable', describe(e));
      }
    }
    this.logger.warn(`OpenID login refused: ${describe(e)}`);
    return new SsoError('unverified', describe(e));
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string; error?: string; error_description?: string };
  return [err?.code, err?.error, err?.error_description, err?.message].filter(Boolean).join(': ') || String(e);
}
