/**
 * End-to-end harness: runs the BUILT Uppsikt app for one test file.
 *
 *   const app = await startApp();        // in beforeAll (hook timeout 180 s)
 *   await fetch(`${app.baseUrl}/api/health`);
 *   await app.stop();                    // in afterAll
 *
 * What startApp() does:
 *  1. checks that `backend/dist/main.js` and `frontend/dist/index.html` exist (else: run `pnpm build`
 *     at the repo root);
 *  2. creates a fresh, empty PostgreSQL database `uppsikt_e2e_<random>` on the local server
 *     (postgresql://postgres@127.0.0.1:5432, trust auth) — the app migrates it on start;
 *  3. picks a unique Redis key prefix `uppsikt-e2e-<random>` (Redis at redis://127.0.0.1:6379);
 *  4. picks a free port and spawns `node backend/dist/main.js` with the API, the worker
 *     (WORKER_IN_PROCESS=1), the built frontend (FRONTEND_DIST) and the demo data and users
 *     (UPPSIKT_DEMO=1, password `uppsikt-demo`, see DEMO_USERS);
 *  5. waits (up to 90 s) for GET /api/health to answer 200; if the process dies first, or never gets
 *     healthy, it is stopped, everything is cleaned up and the error shows its stderr/stdout.
 *
 * stop() sends SIGTERM (SIGKILL after 15 s), waits for the exit, drops the database
 * (`drop database … with (force)`) and deletes the Redis keys `<prefix>:*` (SCAN + DEL).
 *
 * Environment knobs: E2E_DATABASE_ADMIN_URL and E2E_REDIS_URL override the local services;
 * E2E_FRONTEND_DIST serves another built frontend (e.g. a stub while the real one is unfinished);
 * E2E_KEEP=1 keeps the database and Redis keys after the run for inspection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root (…/test/e2e/support → …). */
export const REPO_ROOT = resolve(here, '..', '..', '..');
export const BACKEND_MAIN = join(REPO_ROOT, 'backend', 'dist', 'main.js');
export const FRONTEND_DIST = process.env.E2E_FRONTEND_DIST ? resolve(process.env.E2E_FRONTEND_DIST) : join(REPO_ROOT, 'frontend', 'dist');

const ADMIN_DATABASE_URL = process.env.E2E_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HEALTH_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_LIMIT = 64 * 1024;

export const DEMO_PASSWORD = 'uppsikt-demo';
export const DEMO_USERS = {
  admin: 'admin@uppsikt.test',
  reviewer: 'granskare@uppsikt.test',
  editorKS: 'ks@uppsikt.test',
  editorTN: 'tn@uppsikt.test',
  editorIFN: 'ifn@uppsikt.test',
  reader: 'lasare@uppsikt.test',
} as const;

export interface RunningApp {
  /** http://127.0.0.1:<port> (also the app's APP_URL). */
  readonly baseUrl: string;
  readonly port: number;
  readonly databaseName: string;
  /** DATABASE_URL the app was given; tests may connect to it to arrange or check data. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  /** Everything the app wrote to stdout and stderr so far (last 64 kB each). */
  output(): { stdout: string; stderr: string };
  /** Stops the app and removes its database and Redis keys. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra or overriding environment for the app (e.g. LOGIN_RATE_LIMIT). */
  env?: Record<string, string>;
  /** The port to listen on (default: a free one); for a test that must know the app's address before it starts. */
  port?: number;
}

/** Fails early with a clear message if the app has not been built. */
export function assertBuilt(): void {
  const missing = [BACKEND_MAIN, join(FRONTEND_DIST, 'index.html')].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(
      `The end-to-end tests run the built app, but ${missing.map((p) => p.replace(`${REPO_ROOT}/`, '')).join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing. Run \`pnpm build\` at the repo root (${REPO_ROOT}) first.`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? res(port) : rej(new Error('no free port'))));
    });
  });
}

async function withAdminDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`Cannot reach PostgreSQL at ${ADMIN_DATABASE_URL} (needed by the e2e tests): ${(e as Error).message}`, { cause: e });
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Database names are generated here from hex digits only, so quoting them is safe. */
async function createDatabase(name: string): Promise<void> {
  await withAdminDb((c) => c.query(`create database "${name}"`));
}

async function dropDatabase(name: string): Promise<void> {
  await withAdminDb((c) => c.query(`drop database if exists "${name}" with (force)`));
}

async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/gu, '\\$&');
}

/** Environment for the child: the parent's, minus test-runner and app settings that must not leak in. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith('VITEST') || k.startsWith('UPPSIKT_') || k.startsWith('SMTP_') || k.startsWith('E2E_')) continue;
    if (['NODE_ENV', 'NODE_OPTIONS', 'TEST', 'DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'PORT', 'HOST', 'APP_URL', 'FRONTEND_DIST', 'TRUST_PROXY'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function tail(s: string, n = 4000): string {
  return s.length > n ? `…${s.slice(-n)}` : s;
}

export async function startApp(opts: StartOptions = {}): Promise<RunningApp> {
  assertBuilt();

  const id = randomBytes(6).toString('hex');
  const databaseName = `uppsikt_e2e_${id}`;
  const redisPrefix = `uppsikt-e2e-${id}`;
  const admin = new URL(ADMIN_DATABASE_URL);
  admin.pathname = `/${databaseName}`;
  const databaseUrl = admin.toString();
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;

  await createDatabase(databaseName);

  const env = childEnv({
    // NODE_ENV=production is deliberately not set: the demo data and users load only outside production.
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: baseUrl,
    UPPSIKT_DEMO: '1',
    WORKER_IN_PROCESS: '1',
    LOG_LEVEL: 'warn',
    FRONTEND_DIST,
    ...opts.env,
  });

  let stdout = '';
  let stderr = '';
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', BACKEND_MAIN], {
    cwd: join(REPO_ROOT, 'backend'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout = (stdout + d).slice(-OUTPUT_LIMIT);
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-OUTPUT_LIMIT);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.once('exit', (code, signal) => res({ code, signal }));
    child.once('error', (e) => {
      stderr += `\n[harness] could not spawn ${process.execPath}: ${e.message}`;
      res({ code: -1, signal: null });
    });
  });
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((info) => (exitInfo = info));

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (!exitInfo) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
      }
      if (process.env.E2E_KEEP === '1') {
        process.stderr.write(`[e2e] kept database ${databaseName} and Redis keys ${redisPrefix}:*\n`);
        return;
      }
      const errors: string[] = [];
      await dropDatabase(databaseName).catch((e: Error) => errors.push(`drop database ${databaseName}: ${e.message}`));
      await deleteRedisKeys(redisPrefix).catch((e: Error) => errors.push(`delete Redis keys ${redisPrefix}:*: ${e.message}`));
      if (errors.length) throw new Error(`e2e cleanup failed: ${errors.join('; ')}`);
    })());

  const app: RunningApp = {
    baseUrl,
    port,
    databaseName,
    databaseUrl,
    redisUrl: REDIS_URL,
    redisPrefix,
    output: () => ({ stdout, stderr }),
    stop,
  };

  const describeOutput = () =>
    `\n--- app stderr ---\n${tail(stderr) || '(empty)'}\n--- app stdout ---\n${tail(stdout) || '(empty)'}`;

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer yet';
  try {
    for (;;) {
      if (exitInfo) {
        throw new Error(
          `The app exited before it was healthy (${exitInfo.signal ?? `exit code ${exitInfo.code}`}).${describeOutput()}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`The app was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last}).${describeOutput()}`);
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(3_000) });
        const body = await res.text();
        if (res.status === 200) break;
        last = `HTTP ${res.status} ${body.slice(0, 300)}`;
      } catch (e) {
        last = (e as Error).message;
      }
      await Promise.race([sleep(250), exited]);
    }
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
  return app;
}
