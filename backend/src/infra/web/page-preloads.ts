import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Written by the frontend build (`frontend/build/route-preloads.ts`) beside index.html. */
export const ROUTE_PRELOADS_FILE = 'route-preloads.json';

const RoutePreloads = z.array(z.object({ path: z.string().startsWith('/'), scripts: z.array(z.string()), styles: z.array(z.string()) }));

/** A router path (`/rapporter/:id`, `/:pathMatch(.*)*`) as vue-router matches it: any case, an optional trailing slash. */
export function routePattern(path: string): RegExp {
  const source = path
    .split('/')
    .slice(1)
    .map((segment) => {
      if (/^:\w+\(\.\*\)\*$/u.test(segment)) return '(?:/.*)?';
      if (segment.startsWith(':')) return '/[^/]+';
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`;
    })
    .join('');
  return new RegExp(`^${source || '/'}/?$`, 'iu');
}

/**
 * The `Link` header value that preloads a page's own code (its view's chunks and CSS) for a request
 * path, or undefined when the build wrote no table or no page matches. First match in router order,
 * as the router declares its specific paths before the catch-all.
 */
export function pagePreloads(frontendDist: string): (path: string) => string | undefined {
  const file = join(frontendDist, ROUTE_PRELOADS_FILE);
  if (!existsSync(file)) return () => undefined;
  const pages = RoutePreloads.parse(JSON.parse(readFileSync(file, 'utf8'))).map((page) => ({
    pattern: routePattern(page.path),
    link:
      [...page.scripts.map((f) => `</${f}>; rel=modulepreload; crossorigin`), ...page.styles.map((f) => `</${f}>; rel=preload; as=style; crossorigin`)].join(', ') ||
      undefined,
  }));
  return (path) => pages.find((p) => p.pattern.test(path))?.link;
}
