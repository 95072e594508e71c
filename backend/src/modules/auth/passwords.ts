import argon2 from 'argon2';
import { badRequest } from '../../common/errors.js';
import { passwordProblem } from './password-policy.js';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 iterations). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no hash it still does the same work, so timing does not reveal unknown users. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('uppsikt-dummy-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

/** Applies the password rule: 400 naming the field (`password` or `newPassword`) with a Swedish reason. */
export function checkPassword(password: string, email: string, field: 'password' | 'newPassword'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw badRequest(problem, [{ path: field, message: problem }]);
}
