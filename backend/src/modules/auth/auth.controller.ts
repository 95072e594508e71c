import { Controller, Param, Req, Res } from '@nestjs/common';
import { routes } from '@uppsikt/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthConfig, LoginRequest, PasswordChange, TokenListQuery, TokenRequest } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { CurrentUser, type Principal } from '../../common/principal.js';
import { Endpoint, ValidBody, ValidQuery } from '../../common/endpoint.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { OidcClient } from './oidc-client.js';
import { SESSION_COOKIE, setSessionCookie } from './tokens.js';

/** The logged-in user as login and /api/auth/me show it, with the installation's four-eyes setting. */
export function principalView(p: Principal, selfApproval: boolean) {
  return { id: p.id, email: p.email, name: p.name, roles: p.grants, workflowMail: p.workflowMail, sso: p.sso, selfApproval };
}

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: LoginRateLimiter,
    private readonly config: AppConfig,
    private readonly oidc: OidcClient,
  ) {}

  @Endpoint(routes.login)
  async login(@ValidBody() body: z.infer<typeof LoginRequest>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.limiter.check(req.ip, body.email);
    const { secret, principal } = await this.auth.login(body.email, body.password, req.headers['user-agent']);
    setSessionCookie(reply, secret, this.config);
    return { user: principalView(principal, this.config.env.ALLOW_SELF_APPROVAL) };
  }

  /** 204; for a single sign-on session 200 {redirect}: the provider's end-session URL (RP-initiated logout). */
  @Endpoint(routes.logout)
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const idToken = await this.auth.logout(req.cookies?.[SESSION_COOKIE]);
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
    const redirect = idToken && this.oidc.enabled ? await this.oidc.endSessionUrl(idToken) : null;
    if (redirect) void reply.code(200).send({ redirect });
    else void reply.code(204).send();
  }

  @Endpoint(routes.authConfig)
  authConfig(): AuthConfig {
    const env = this.config.env;
    return {
      localLogin: env.LOCAL_LOGIN,
      sso: env.OIDC_ISSUER ? { name: env.OIDC_NAME, accessContact: env.OIDC_ACCESS_CONTACT ?? env.UPPSIKT_ADMIN_EMAIL ?? null } : null,
    };
  }

  @Endpoint(routes.me)
  me(@CurrentUser() user: Principal) {
    return principalView(user, this.config.env.ALLOW_SELF_APPROVAL);
  }

  @Endpoint(routes.listTokens)
  listTokens(@CurrentUser() user: Principal, @ValidQuery() q: z.infer<typeof TokenListQuery>) {
    return this.auth.listTokens(user, q.user);
  }

  @Endpoint(routes.revokeToken)
  async revokeToken(@CurrentUser() user: Principal, @Param('id') id: string): Promise<void> {
    await this.auth.revokeToken(user, id);
  }

  @Endpoint(routes.changePassword)
  async changePassword(@CurrentUser() user: Principal, @ValidBody() body: z.infer<typeof PasswordChange>, @Req() req: FastifyRequest): Promise<void> {
    // Guessing the current password here is throttled like the login form.
    await this.limiter.check(req.ip, user.email);
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Endpoint(routes.createToken)
  createToken(@CurrentUser() user: Principal, @ValidBody() body: z.infer<typeof TokenRequest>) {
    return this.auth.createToken(user, body.name);
  }
}
