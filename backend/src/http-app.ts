import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { buildOpenApi, routes } from '@uppsikt/shared';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import { ApiErrorFilter } from './common/error.filter.js';
import { AppConfig, parseEnv } from './config/env.js';
import { SESSION_COOKIE } from './modules/auth/tokens.js';
import { pagePreloads, sessionDataLink } from './infra/web/page-preloads.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_FRONTEND_DIST = join(here, '..', '..', 'frontend', 'dist');

export const JSON_BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP API (used by main.ts and by the integration tests). Does not listen. */
export async function createHttpApp(opts: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: JSON_BODY_LIMIT, trustProxy: parseEnv(process.env).TRUST_PROXY, return503OnClosing: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole('api'), adapter, {
    bufferLogs: opts.logger !== false,
    logger: opts.logger === false ? false : undefined,
    abortOnError: false,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  const config = app.get(AppConfig);

  await app.register(fastifyCookie as never);
  // Security headers. One helmet middleware for the process: @fastify/helmet built a new one (and
  // parsed the CSP) on every request, 4 % of the API's CPU on a cached read.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.appUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.appUrl.startsWith('https:'),
    crossOriginEmbedderPolicy: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(fastifyMultipart as never, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } } as never);


  const document = buildOpenApi() as unknown as OpenAPIObject;
  SwaggerModule.setup('api/docs', app as unknown as INestApplication, document, {
    jsonDocumentUrl: 'api/openapi.json',
    raw: ['json'],
    customSiteTitle: 'Uppsikt API',
  });

  const frontendDist = config.env.FRONTEND_DIST ?? DEFAULT_FRONTEND_DIST;
  const hasFrontend = existsSync(join(frontendDist, 'index.html'));
  if (hasFrontend) {
    // Built files: the precompressed .br/.gz when the browser accepts it; hashed assets cached for a
    // year (a new build has new names), everything else revalidated (index.html must never go stale).
    await app.register(fastifyStatic as never, {
      root: frontendDist,
      prefix: '/',
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply: FastifyReply, path: string) => void reply.header('cache-control', staticCacheControl(frontendDist, path)),
    } as never);
  }
  // Unknown paths outside /api get the web app's index.html (client-side routing); inside /api a JSON 404.
  app.useGlobalFilters(new ApiErrorFilter(hasFrontend ? spaFallback(pagePreloads(frontendDist)) : undefined));
  app.enableShutdownHooks();

  await app.init();
  assertEveryRouteBound(app);
  return app;
}

/** Cache-Control of a built file: hashed names under assets/ never change; the rest may. */
export function staticCacheControl(root: string, path: string): string {
  const rel = relative(root, path).split(sep).join('/');
  if (rel.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  if (rel.startsWith('index.html')) return 'no-cache';
  return 'public, max-age=3600';
}

/**
 * index.html for a page path, with a `Link` header naming what the page will ask for: its own code
 * (from the build's route table) and, with a session cookie, the session's first API answers.
 */
function spaFallback(pageCode: (path: string) => string | undefined) {
  return (req: FastifyRequest, reply: FastifyReply): boolean => {
    const path = req.url.split('?')[0];
    if (req.method !== 'GET' || path === '/api' || path.startsWith('/api/')) return false;
    // Only with a session cookie: without one they would answer 401. `Server-Timing: session` tells the
    // page's script, which cannot see the cookie (HttpOnly), that the session's answers are on their way.
    const session = req.cookies?.[SESSION_COOKIE] ? sessionDataLink(path) : undefined;
    if (session) void reply.header('server-timing', 'session');
    const link = [session, pageCode(path)].filter(Boolean).join(', ');
    if (link) void reply.header('link', link);
    void reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
    return true;
  };
}

/** Boot check: every route in the shared table has a handler. */
function assertEveryRouteBound(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const missing = Object.entries(routes).filter(([, r]) => !fastify.hasRoute({ method: r.method, url: r.path }));
  if (missing.length) throw new Error(`Routes without handlers: ${missing.map(([n, r]) => `${n} (${r.method} ${r.path})`).join(', ')}`);
}

