import type { ErrorResponse, RouteName, routes } from '@uppsikt/shared';
import { API_ROUTES, type ClientRoute } from './routes';

/** Type helpers over the shared route table (zod 4 keeps input/output types on `_zod`). */
type Def<N extends RouteName> = (typeof routes)[N];
type Out<S> = S extends { _zod: { output: infer O } } ? O : never;
type In<S> = S extends { _zod: { input: infer I } } ? I : never;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type ResponseOf<N extends RouteName> = Def<N> extends { response: infer R } ? Out<R> : void;
export type BodyOf<N extends RouteName> = Def<N> extends { body: infer B } ? In<B> : never;
type QueryValue = string | number | boolean | null | undefined;
export type QueryOf<N extends RouteName> = Def<N> extends { query: infer Q }
  ? { [K in keyof In<Q>]?: In<Q>[K] | null }
  : Record<string, QueryValue>;

type ParamsOption<N extends RouteName> = [ParamNames<Def<N>['path']>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<Def<N>['path']>, string> };
type BodyOption<N extends RouteName> = [BodyOf<N>] extends [never] ? { body?: undefined } : { body: BodyOf<N> };

export type RequestOptions<N extends RouteName> = ParamsOption<N> &
  BodyOption<N> & {
    query?: QueryOf<N>;
    signal?: AbortSignal;
  };

export type ErrorDetail = NonNullable<ErrorResponse['details']>[number];

/**
 * Every failed call ends here: the API's error shape `{statusCode, message, details}`, or
 * statusCode 0 when the server could not be reached at all (offline, timeout, proxy down).
 */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly details: ErrorDetail[];

  constructor(statusCode: number, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.details = details;
  }

  /** The request never got an answer from the API. */
  get isNetworkError(): boolean {
    return this.statusCode === 0;
  }

  /** Worth trying again later without changing anything. */
  get isTransient(): boolean {
    return this.statusCode === 0 || this.statusCode === 408 || this.statusCode === 429 || this.statusCode >= 500;
  }

  /** The first message for a field path, e.g. `status` or `roles.0.body`. */
  detailFor(path: string): string | undefined {
    return this.details.find((d) => d.path === path || d.path.startsWith(`${path}.`))?.message;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let onUnauthorized: (() => void) | null = null;

/** Called when a request (other than the auth calls themselves) answers 401: the session ended. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Lets other request helpers (uploads) report an ended session the same way. */
export function reportUnauthorized(path: string): void {
  if (!path.startsWith('/api/auth/') && onUnauthorized) onUnauthorized();
}

const TIMEOUT_MS = 20_000;

export function buildPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([A-Za-z]+)/gu, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

export function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The caller's signal combined with a time limit. */
export function withTimeout(signal: AbortSignal | undefined, ms = TIMEOUT_MS): AbortSignal | undefined {
  if (typeof AbortSignal === 'undefined' || typeof AbortSignal.timeout !== 'function') return signal;
  const timeout = AbortSignal.timeout(ms);
  if (!signal) return timeout;
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([signal, timeout]) : signal;
}

export async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy page, an empty body)
  }
  if (body && typeof body === 'object' && 'message' in body) {
    const b = body as Partial<ErrorResponse>;
    const message = Array.isArray(b.message) ? b.message.join(', ') : String(b.message ?? res.statusText);
    return new ApiError(res.status, message, Array.isArray(b.details) ? b.details : []);
  }
  return new ApiError(res.status, res.statusText || `HTTP ${res.status}`);
}

/**
 * Calls one endpoint of the route table. The session is an HttpOnly cookie sent by the browser
 * (same origin); no token ever lives in JavaScript.
 */
export async function api<N extends ClientRoute>(name: N, ...[options]: Partial<RequestOptions<N>> extends RequestOptions<N> ? [RequestOptions<N>?] : [RequestOptions<N>]): Promise<ResponseOf<N>> {
  const [method, path] = API_ROUTES[name];
  return request<ResponseOf<N>>(method, path, (options ?? {}) as RawOptions);
}

export interface RawOptions {
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, unknown>;
  signal?: AbortSignal;
}

/** One call by method and path template; `api()` calls it with the route table's entry. */
export async function request<T>(method: string, path: string, opts: RawOptions = {}): Promise<T> {
  const url = buildPath(path, opts.params) + buildQuery(opts.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store', signal: withTimeout(opts.signal) };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (opts.signal?.aborted) throw e; // the caller cancelled: not an error to show
    throw new ApiError(0, 'Ingen kontakt med servern');
  }
  if (!res.ok) {
    const error = await parseError(res);
    if (res.status === 401) reportUnauthorized(path);
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The address of a GET endpoint, for plain links (file downloads): the session cookie goes along
 * because the API is on the same origin.
 */
export function apiUrl<N extends ClientRoute>(name: N, options: { params?: Record<string, string>; query?: QueryOf<N> } = {}): string {
  const [, path] = API_ROUTES[name];
  return buildPath(path, options.params) + buildQuery(options.query as Record<string, unknown> | undefined);
}

/** Fetches every page of a paged list (`{items, total}`). */
export async function fetchAll<T>(fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>, pageSize = 500): Promise<T[]> {
  const first = await fetchPage(1, pageSize);
  const items = [...first.items];
  const pages = Math.ceil(first.total / pageSize);
  for (let page = 2; page <= pages && items.length < first.total; page++) {
    const next = await fetchPage(page, pageSize);
    if (next.items.length === 0) break;
    items.push(...next.items);
  }
  return items;
}
