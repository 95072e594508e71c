import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { roleAllowed, type RouteDef } from '@uppsikt/shared';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/env.js';
import { ROUTE_DEF } from '../../common/endpoint.decorator.js';
import { forbidden, unauthorized } from '../../common/errors.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from './tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs before every handler: identifies the caller (session cookie or Bearer token), refuses
 * cross-site writes on cookie sessions, and applies the route's access policy from the route table.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const route = Reflect.getMetadata(ROUTE_DEF, ctx.getHandler()) as RouteDef | undefined;
    if (!route) throw forbidden('Okänd åtkomstregel');
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();

    const bearer = /^Bearer\s+(\S+)$/iu.exec(req.headers.authorization ?? '')?.[1];
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (bearer) {
      req.principal = (await this.auth.fromToken(bearer)) ?? undefined;
      if (!req.principal && route.access !== 'public') throw unauthorized('Ogiltig eller återkallad API-nyckel');
    } else if (cookie) {
      if (!SAFE_METHODS.has(req.method)) this.checkOrigin(req);
      req.principal = (await this.auth.fromSession(cookie)) ?? undefined;
    }

    if (route.access === 'public') return true;
    if (!req.principal) throw unauthorized(cookie ? 'Din session har gått ut. Logga in igen.' : undefined);
    if (!roleAllowed(route.access, req.principal.roles)) throw forbidden();
    return true;
  }

  /** CSRF defence in depth beside SameSite=Strict: a browser's foreign Origin is refused. */
  private checkOrigin(req: FastifyRequest): void {
    const origin = req.headers.origin;
    if (!origin) return; // non-browser clients send none
    const allowed = new Set([new URL(this.config.appUrl).origin]);
    const host = req.headers.host;
    if (host) {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    if (!allowed.has(origin)) throw forbidden('Förfrågan kom från en annan webbplats och stoppades');
  }
}
