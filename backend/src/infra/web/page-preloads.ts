import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTE_PRELOADS_FILE, RoutePreloads, routes } from '@uppsikt/shared';

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

const fetchPreload = (path: string) => `<${path}>; rel=preload; as=fetch; crossorigin=anonymous`;

/**
 * What every page of a logged-in user asks first: who is logged in, then the governance model, the
 * periods and the bodies (the router loads all four once per session). Named as preloads on the page
 * itself, the browser fetches them while it loads the scripts, instead of after them and one after
 * the other (the app's `fetch` of the same URL, same-origin credentials, takes the preloaded answer).
 */
const SESSION_DATA = [routes.me.path, routes.listKinds.path, routes.listPeriods.path, routes.listBodies.path].map(fetchPreload).join(', ');

/** A report's page (the editor, the review page): the id is a UUID, so it is safe in a header as it stands. */
const REPORT_PAGE = /^\/(?:rapporter|granskning)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/iu;

/**
 * The API answers a page with a session will ask for: the session's own, and on a report's page the
 * report (the page a reminder mail links to, opened cold), which the page otherwise asks for only
 * once its code has run, and only then for its case.
 */
export function sessionDataLink(path: string): string {
  const report = REPORT_PAGE.exec(path)?.[1];
  return report ? `${SESSION_DATA}, ${fetchPreload(`/api/reports/${report}`)}` : SESSION_DATA;
}
