import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { RouteDef } from '@uppsikt/shared';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { ROUTE_DEF } from './endpoint.decorator.js';
import { badRequest, type ErrorDetail } from './errors.js';

const NUL = '\u0000';
const MESSAGE = 'Tecknet NUL (U+0000) är inte tillåtet';

/** Paths (zod style, `roles.0.body`) of every string, or object key, holding U+0000. */
export function nulPaths(value: unknown, path: string[] = [], out: ErrorDetail[] = []): ErrorDetail[] {
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push({ path: path.join('.'), message: MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) out.push({ path: [...path, k].join('.'), message: MESSAGE });
      else nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * U+0000 cannot be stored in PostgreSQL text (it answered 500). Checked once for every route, after
 * the access check and before any handler: path parameters always, query and body where the route
 * declares them. 400 names each field.
 */
@Injectable()
export class NulInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = Reflect.getMetadata(ROUTE_DEF, ctx.getHandler()) as RouteDef | undefined;
    if (route) {
      const req = ctx.switchToHttp().getRequest<FastifyRequest>();
      const details = [
        ...nulPaths(req.params ?? {}),
        ...(route.query ? nulPaths(req.query ?? {}) : []),
        ...(route.body ? nulPaths(req.body ?? {}) : []),
      ];
      if (details.length) throw badRequest('Ogiltiga tecken i förfrågan', details);
    }
    return next.handle();
  }
}
