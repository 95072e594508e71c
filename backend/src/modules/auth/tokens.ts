import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../../config/env.js';

export const SESSION_COOKIE = 'uppsikt_session';

export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The session cookie: HttpOnly, SameSite=Strict, Secure behind https, living as long as an idle session. */
export function setSessionCookie(reply: FastifyReply, secret: string, config: AppConfig): void {
  void reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.appUrl.startsWith('https:'),
    path: '/',
    maxAge: config.env.SESSION_IDLE_MINUTES * 60,
  });
}
