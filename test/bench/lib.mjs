// Shared helpers for the benchmark scripts: a fresh database, the built app as child processes, cleanup.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { nodeFlagsFor, withMallocEnv } from '../../backend/dist/launcher/node-flags.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function dbUrl(name) {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh database and Redis prefix; `start()` spawns API/worker processes of the built app. */
export async function benchEnvironment(label) {
  const id = randomBytes(4).toString('hex');
  const database = `uppsikt_bench_${label}_${id}`;
  await adminQuery(`create database "${database}"`);
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl(database),
    REDIS_URL,
    REDIS_PREFIX: `uppsikt_bench_${id}`,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    UPPSIKT_ADMIN_EMAIL: 'bench@uppsikt.test',
    UPPSIKT_ADMIN_PASSWORD: 'mätning-utan-namn-2026',
    LOGIN_RATE_LIMIT: '10000',
  };
  const children = [];
  const spawnApp = (script, extraEnv = {}) => {
    const child = spawn(process.execPath, [...nodeFlagsFor(script), join(root, 'backend', 'dist', script)], { env: withMallocEnv({ ...env, ...extraEnv }), stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  const base = `http://127.0.0.1:${port}`;
  return {
    env,
    base,
    database,
    db: () => {
      const c = new pg.Client({ connectionString: env.DATABASE_URL });
      return c.connect().then(() => c);
    },
    spawnApp,
    async waitHealthy(url = base, timeoutMs = 90_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        try {
          const res = await fetch(`${url}/api/health`);
          if (res.ok) return;
        } catch {
          /* not up yet */
        }
        if (Date.now() > until) throw new Error('the app did not become healthy');
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async login(email = 'bench@uppsikt.test', password = 'mätning-utan-namn-2026', url = base) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      if (!res.ok) throw new Error(`login failed: ${res.status}`);
      return res.headers.get('set-cookie').split(';')[0];
    },
    async stop() {
      await Promise.all(children.map(stopChild));
      await adminQuery(`drop database if exists "${database}" with (force)`);
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${env.REDIS_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

export function table(rows) {
  const widths = Object.keys(rows[0]).map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(widths[i])).join('  ');
  console.log(line(Object.keys(rows[0])));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(Object.values(r)));
}

/**
 * A real SMTP server that accepts everything and records when each message came and to whom.
 * `latencyMs: [min, max]` answers each message after a random delay in that range, as a relay does.
 */
/** A header's RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) as text. */
function decodeWords(value) {
  const bytes = (charsetText, enc, text) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/gu, ' ').replace(/=([0-9A-F]{2})/giu, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return value
    .replace(/\?=\s+=\?/gu, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/giu, (_, cs, enc, text) => bytes(cs, enc, text).toString('utf8'))
    .replace(/\r?\n[ \t]/gu, ' ');
}

export async function smtpSink({ latencyMs = [0, 0] } = {}) {
  const received = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/u)[0];
        const subject = decodeWords(/^Subject: (.*(?:\r?\n[ \t].*)*)$/imu.exec(head)?.[1] ?? '');
        const delay = latencyMs[0] + Math.random() * (latencyMs[1] - latencyMs[0]);
        const accept = () => {
          received.push({ at: Date.now(), to: session.envelope.rcptTo.map((r) => r.address).sort().join(','), subject });
          cb();
        };
        if (delay > 0) setTimeout(accept, delay);
        else accept();
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `smtp://127.0.0.1:${server.server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Stops a child process; one that has exited (with a code or by a signal) is left alone. */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}
