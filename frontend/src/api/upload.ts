import { API_ROUTES, type ClientRoute } from './routes';
import { ApiError, buildPath, buildQuery, parseError, reportUnauthorized, withTimeout, type QueryOf, type ResponseOf } from './client';

/** Routes that take a file (multipart/form-data) instead of a JSON body. */
export type UploadRoute = Extract<ClientRoute, 'importCases' | 'importReports' | 'importIndicators'>;

export interface UploadOptions<N extends UploadRoute> {
  query?: QueryOf<N>;
  signal?: AbortSignal;
  /** Form field name of the file (the API expects `file`). */
  field?: string;
  /**
   * Error statuses whose body is an answer in the route's response shape (imports answer 422
   * with the same result body when the file has errors): returned instead of thrown.
   */
  answerStatuses?: readonly number[];
}

export interface UploadAnswer<N extends UploadRoute> {
  status: number;
  body: ResponseOf<N>;
}

/** Large files take a while to parse and check on the server. */
const UPLOAD_TIMEOUT_MS = 180_000;

/**
 * Sends one file as multipart/form-data. No content-type header: the browser sets it with the
 * boundary. The session cookie goes along (same origin), exactly as for `api()`.
 */
export async function uploadFile<N extends UploadRoute>(name: N, file: Blob, options: UploadOptions<N> = {}): Promise<UploadAnswer<N>> {
  const [method, path] = API_ROUTES[name];
  const url = buildPath(path, undefined) + buildQuery(options.query as Record<string, unknown> | undefined);
  const form = new FormData();
  const fileName = typeof File !== 'undefined' && file instanceof File ? file.name : 'upload';
  form.append(options.field ?? 'file', file, fileName);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      body: form,
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: withTimeout(options.signal, UPLOAD_TIMEOUT_MS),
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError(0, 'Ingen kontakt med servern');
  }
  if (res.ok || options.answerStatuses?.includes(res.status)) {
    let body: unknown;
    try {
      body = await res.clone().json();
    } catch {
      body = undefined;
    }
    if (res.ok || isAnswer(body)) return { status: res.status, body: body as ResponseOf<N> };
  }
  const error = await parseError(res);
  if (res.status === 401) reportUnauthorized(path);
  throw error;
}

/** An error body that is really the route's answer (not the plain `{statusCode, message}` shape). */
function isAnswer(body: unknown): boolean {
  return !!body && typeof body === 'object' && !('statusCode' in body && !('errors' in body));
}
