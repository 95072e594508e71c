import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './launcher/embedded-postgres.js';
import { nodeFlagsFor, withMallocEnv } from './launcher/node-flags.js';
import { findOrStartRedis, type LocalRedis } from './launcher/local-services.js';

/**
 * `pnpm start`: fills in what is not configured (embedded PostgreSQL, a local Redis, the mail
 * catcher, demo data) and runs the API and the worker as two processes (one with WORKER_IN_PROCESS=1).
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dataDir = process.env.UPPSIKT_DATA_DIR ?? join(root, '.data');
const log = (m: string) => process.stdout.write(`[uppsikt] ${m}\n`);

const env: NodeJS.ProcessEnv = { ...process.env };
let database: EmbeddedDatabase | undefined;
let redis: LocalRedis | null = null;
const children: ChildProcess[] = [];
let stopping = false;

async function main(): Promise<void> {
  if (env.NODE_ENV !== 'production' && env.UPPSIKT_DEMO === undefined) env.UPPSIKT_DEMO = '1';
  if (!env.DATABASE_URL) {
    database = await startEmbeddedPostgres(dataDir, log);
    env.DATABASE_URL = database.url;
  }
  if (!env.REDIS_URL) {
    redis = await findOrStartRedis(dataDir, log);
    if (!redis) {
      log('Uppsikt needs Redis: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.');
      await shutdown(1);
      return;
    }
    env.REDIS_URL = redis.url;
    if (!redis.process) log('Using the Redis on 127.0.0.1:6379');
  }
  if (!env.SMTP_URL) log('No SMTP_URL: outgoing mail is kept by the built-in catcher (Administration → Skickad e-post)');

  const single = env.WORKER_IN_PROCESS === '1' || env.WORKER_IN_PROCESS === 'true';
  run('api', join(here, 'main.js'));
  if (!single) setTimeout(() => run('worker', join(here, 'worker.js')), 1500).unref();
}

function run(name: string, script: string): void {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlagsFor(script), script], { env: withMallocEnv(env), stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} stopped (${signal ?? `exit code ${code}`}); shutting down`);
    void shutdown(code ?? 1);
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((res) => {
          if (c.exitCode !== null || c.signalCode) return res();
          c.once('exit', () => res());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  redis?.process?.kill('SIGTERM');
  await database?.stop().catch(() => undefined);
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (e: unknown) => {
  log(`Could not start: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
});
