import { DEMO_PASSWORD } from './server.js';
import type { BrowserSuite } from './suite.js';

export interface ApiAnswer<T> {
  status: number;
  body: T;
  text: string;
}

/**
 * Calls the suite's API as a demo user (logged in once per e-mail, with the Origin the CSRF check
 * asks for): set-up and checks beside what the browser does. The body is parsed when it is JSON.
 */
export function demoApi(suite: BrowserSuite) {
  const cookies = new Map<string, string>();
  return async function api<T = any>(method: string, path: string, email: string, body?: unknown): Promise<ApiAnswer<T>> {
    const base = suite.app.baseUrl;
    let cookie = cookies.get(email);
    if (!cookie) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      cookie = res.headers.get('set-cookie')!.split(';')[0];
      cookies.set(email, cookie);
    }
    const res = await fetch(`${base}${path}`, { method, headers: { cookie, origin: base, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, text };
  };
}
