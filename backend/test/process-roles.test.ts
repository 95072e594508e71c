import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../src/config/env.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const BASE = { DATABASE_URL: 'postgresql://x/y', REDIS_URL: 'redis://x', UPPSIKT_ADMIN_EMAIL: 'chef@kommun.se', UPPSIKT_ADMIN_PASSWORD: 'password1234' };

/** Runs `body` as an ES module in a fresh Node process beside the built backend; answers what it prints as JSON. */
async function inFreshProcess(body: string): Promise<Record<string, unknown>> {
  const script = `
    import { createRequire } from 'node:module';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('@zxcvbn-ts/language-common'));
    const { parseEnv } = await import(${JSON.stringify(join(dist, 'config', 'env.js'))});
    const { passwordProblem } = await import(${JSON.stringify(join(dist, 'modules', 'auth', 'password-policy.js'))});
    const env = ${JSON.stringify(BASE)};
    ${body}`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dist });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('what each kind of process checks and loads', () => {
  it('the API refuses a common first-admin password; the worker, which never creates the admin, does not read it', () => {
    expect(() => parseEnv(BASE, 'api')).toThrow(/UPPSIKT_ADMIN_PASSWORD="\*\*\*": Lösenordet är för vanligt/u);
    expect(parseEnv(BASE, 'worker').UPPSIKT_ADMIN_PASSWORD).toBe('password1234');
    // Settings that matter to both are still checked in the worker.
    expect(() => parseEnv({ ...BASE, REDIS_URL: 'http://x' }, 'worker')).toThrow(/REDIS_URL/u);
  });

  it('loads the common-password list on the first password check, never on import or in a worker', async () => {
    const out = await inFreshProcess(`
      const afterImport = loaded();
      parseEnv(env, 'worker');
      const afterWorkerEnv = loaded();
      const problem = passwordProblem('password1234');
      console.log(JSON.stringify({ afterImport, afterWorkerEnv, problem, afterCheck: loaded() }));`);
    expect(out).toEqual({ afterImport: false, afterWorkerEnv: false, problem: expect.stringMatching(/för vanligt/u), afterCheck: true });
  });
});
