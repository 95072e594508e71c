import { z } from 'zod';

/**
 * What each page of the web app loads beyond index.html, written by the frontend build beside
 * index.html and read by the API, which names those files in a `Link` header with the page.
 */
export const ROUTE_PRELOADS_FILE = 'route-preloads.json';

/** In the router's order: a router path (`/rapporter/:id`), its view's chunks and their CSS (paths relative to the build). */
export const RoutePreloads = z.array(z.object({ path: z.string().startsWith('/'), scripts: z.array(z.string()), styles: z.array(z.string()) }));
export type RoutePreloads = z.infer<typeof RoutePreloads>;
