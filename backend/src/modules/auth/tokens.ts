import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'uppsikt_session';

export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
