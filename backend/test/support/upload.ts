import { randomBytes } from 'node:crypto';
import type { Caller, Reply, TestApp } from './app.js';

/** A multipart/form-data body with one field `file`. */
export function multipart(filename: string, content: Buffer | string, field = 'file'): { payload: Buffer; contentType: string } {
  const boundary = `----uppsikt${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { payload: Buffer.concat([head, typeof content === 'string' ? Buffer.from(content, 'utf8') : content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The same for a text file, as a string body and headers (for `t.request`). */
export function multipartText(filename: string, text: string): { body: string; headers: Record<string, string> } {
  const { payload, contentType } = multipart(filename, text);
  return { body: payload.toString('utf8'), headers: { 'content-type': contentType } };
}

/** Uploads a file to an import endpoint. */
export async function upload(t: TestApp, url: string, who: Caller, filename: string, content: Buffer | string): Promise<Reply> {
  const { payload, contentType } = multipart(filename, content);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (who.cookie) headers.cookie = who.cookie;
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  const res = await t.app.inject({ method: 'POST', url, headers, payload });
  let body: unknown;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, headers: res.headers as Reply['headers'], text: res.body };
}

/** Downloads a file (binary body). */
export async function download(t: TestApp, url: string, who: Caller): Promise<{ status: number; bytes: Buffer; headers: Reply['headers']; json?: any }> {
  const headers: Record<string, string> = {};
  if (who.cookie) headers.cookie = who.cookie;
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  const res = await t.app.inject({ method: 'GET', url, headers });
  const bytes = res.rawPayload;
  let json: any;
  if (String(res.headers['content-type'] ?? '').startsWith('application/json')) json = JSON.parse(res.body);
  return { status: res.statusCode, bytes, headers: res.headers as Reply['headers'], json };
}
