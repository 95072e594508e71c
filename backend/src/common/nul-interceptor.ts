import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { RouteDef } from '@uppsikt/shared';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { ROUTE_DEF } from './endpoint.decorator.js';
import { badRequest, type ErrorDetail } from './errors.js';

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this text: U+0000, or half of a UTF-16 surrogate pair (no UTF-8 form). */
function unstorable(text: string): string | null {
  if (text.includes(NUL)) return 'Tecknet NUL (U+0000) är inte tillåtet';
  if (LONE_SURROGATE.test(text)) return 'Texten innehåller ett ensamt surrogattecken (ogiltig Unicode)';
  return null;
}

/** Paths (zod style, `roles.0.body`) of every string, or object key, PostgreSQL cannot store. */
export function nulPaths(value: unknown, path: string[] = [], out: ErrorDetail[] = []): ErrorDetail[] {
  if (typeof value === 'string') {
    const message = unstorable(value);
    if (message) out.push({ path: path.join('.'), message });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const message = unstorable(k);
      if (message) out.push({ path: [...path, k].join('.'), message });
      else nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * U+0000 and lone surrogates cannot be stored in PostgreSQL text (they answered 500). Checked once for every route, after
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
