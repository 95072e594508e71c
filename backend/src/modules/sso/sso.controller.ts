import { Controller, Logger, Req, Res } from '@nestjs/common';
import { routes, type RoleGrant } from '@uppsikt/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/env.js';
import { Endpoint } from '../../common/endpoint.decorator.js';
import { ApiError } from '../../common/errors.js';
import { AuthService } from '../auth/auth.service.js';
import { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import { OidcClient, SsoError, timingProvider, type SsoFailure } from '../auth/oidc-client.js';
import { setSessionCookie } from '../auth/tokens.js';
import { UsersService } from '../users/users.service.js';

/** A local path in the web app to land on after login (never another site). */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 500) return null;
  return value.startsWith('/api/') ? null : value;
}

/**
 * Single sign-on: the button's GET sends the browser to the provider; the provider's redirect comes
 * back here. Every outcome is a redirect the browser follows: into the app with a session, to the
 * "Behörighet saknas" page, or to the login page with the reason (`?sso=`), shown in Swedish.
 */
@Controller()
export class SsoController {
  private readonly logger = new Logger(SsoController.name);

  constructor(
    private readonly oidc: OidcClient,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly limiter: LoginRateLimiter,
    private readonly config: AppConfig,
  ) {}

  @Endpoint(routes.ssoLogin)
  async login(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.oidc.enabled) return this.toLogin(reply, 'off');
    try {
      await this.limiter.checkAddress(req.ip);
      const url = await this.oidc.start(safeReturnTo((req.query as { redirect?: unknown } | undefined)?.redirect));
      void reply.redirect(url, 302);
    } catch (e) {
      this.toLogin(reply, this.reason(e));
    }
  }

  @Endpoint(routes.ssoCallback)
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.oidc.enabled) return this.toLogin(reply, 'off');
    const { result: target, providerMs } = await timingProvider(() => this.complete(req, reply));
    // How long the round trip waited on the provider (for operations and `pnpm bench`).
    void reply.header('server-timing', `idp;dur=${providerMs.toFixed(1)};desc="identity provider"`);
    void reply.redirect(target, 302);
  }

  /** Checks the callback, syncs the user and opens the session; answers where the browser goes next. */
  private async complete(req: FastifyRequest, reply: FastifyReply): Promise<string> {
    try {
      await this.limiter.checkAddress(req.ip);
      const identity = await this.oidc.finish(new URL(req.url, this.config.appUrl));
      if (identity.email === this.config.env.UPPSIKT_ADMIN_EMAIL?.toLowerCase()) throw new SsoError('breakglass');
      const user = await this.users.syncSsoUser(identity, this.grantsFor(identity.groups));
      if (!user) return '/behorighet-saknas';
      const secret = await this.auth.openSession(user.id, req.headers['user-agent'], identity.idToken);
      setSessionCookie(reply, secret, this.config);
      return identity.returnTo ?? '/';
    } catch (e) {
      return `/logga-in?sso=${this.reason(e)}`;
    }
  }

  /** OIDC_ROLE_MAP applied to the claim's values: the union of the grants of every value that is mapped. */
  private grantsFor(groups: string[]): RoleGrant[] {
    const map = this.config.env.OIDC_ROLE_MAP ?? {};
    return groups.flatMap((g) => (Object.hasOwn(map, g) ? map[g] : []));
  }

  private reason(e: unknown): SsoFailure {
    if (e instanceof SsoError) return e.reason;
    if (e instanceof ApiError && e.getStatus() === 429) return 'limited';
    this.logger.error(`Single sign-on failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 'unverified';
  }

  private toLogin(reply: FastifyReply, reason: SsoFailure): void {
    void reply.redirect(`/logga-in?sso=${reason}`, 302);
  }
}
