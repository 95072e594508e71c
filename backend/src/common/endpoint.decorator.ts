import { applyDecorators, createParamDecorator, Delete, Get, HttpCode, Patch, Post, Put, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { RouteDef } from '@uppsikt/shared';
import type { FastifyRequest } from 'fastify';
import { badRequest, zodDetails } from './errors.js';

export const ROUTE_DEF = Symbol('uppsikt:route');

const METHODS = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete } as const;

/**
 * Binds a handler to an entry of the shared route table: method, path, status code and
 * access policy come from there, so the contract is written once.
 */
export function Endpoint(route: RouteDef) {
  return applyDecorators(
    METHODS[route.method](route.path),
    HttpCode(route.status ?? 200),
    SetMetadata(ROUTE_DEF, route),
  );
}

function routeOf(ctx: ExecutionContext): RouteDef {
  const route = Reflect.getMetadata(ROUTE_DEF, ctx.getHandler()) as RouteDef | undefined;
  if (!route) throw new Error(`Handler ${ctx.getClass().name}.${ctx.getHandler().name} has no @Endpoint`);
  return route;
}

/** The request body, validated with the route's schema (unknown fields → 400). */
export const ValidBody = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const route = routeOf(ctx);
  if (!route.body) throw new Error(`Route ${route.path} declares no body schema`);
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const raw = req.body ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Förfrågan ska vara ett JSON-objekt');
  const parsed = route.body.safeParse(raw);
  if (!parsed.success) throw badRequest('Ogiltiga uppgifter', zodDetails(parsed.error));
  return parsed.data;
});

/** The query string, validated with the route's schema. */
export const ValidQuery = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const route = routeOf(ctx);
  if (!route.query) throw new Error(`Route ${route.path} declares no query schema`);
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const parsed = route.query.safeParse(req.query ?? {});
  if (!parsed.success) throw badRequest('Ogiltiga sökparametrar', zodDetails(parsed.error));
  return parsed.data;
});
