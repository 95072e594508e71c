// Helpers shared by the root scripts. Plain Node (runs on the system Node 20 before dependencies exist).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function say(msg) {
  process.stdout.write(`[uppsikt] ${msg}\n`);
}

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return res.status ?? 1;
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.vite')) continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('Installing dependencies (pnpm install) …');
  if (run('pnpm', ['install', '--frozen-lockfile']) !== 0) {
    say('pnpm install failed');
    process.exit(1);
  }
}

const PACKAGES = [
  { name: '@uppsikt/shared', dir: 'shared', inputs: ['src', 'package.json', 'tsconfig.json'] },
  { name: '@uppsikt/backend', dir: 'backend', inputs: ['src', 'package.json', 'tsconfig.build.json', '../shared/dist'] },
  { name: '@uppsikt/frontend', dir: 'frontend', inputs: ['src', 'public', 'index.html', 'package.json', 'vite.config.ts', '../shared/dist'] },
];

function stale(pkg) {
  const dir = join(root, pkg.dir);
  const stamp = join(dir, 'dist', '.build-stamp');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...pkg.inputs.map((i) => newest(join(dir, i))));
  return !built || built < changed;
}

function build(pkg) {
  say(`Building ${pkg.name} …`);
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['--filter', pkg.name, 'run', 'build'], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => {
      if (code !== 0) {
        say(`Build of ${pkg.name} failed`);
        process.exit(1);
      }
      writeFileSync(join(root, pkg.dir, 'dist', '.build-stamp'), new Date().toISOString());
      resolve();
    });
  });
}

/**
 * Builds every package whose sources are newer than its last build: shared first (the others
 * read its dist), then the backend and the frontend side by side (one core each).
 */
export async function ensureBuilt() {
  const [shared, ...rest] = PACKAGES;
  if (stale(shared)) await build(shared);
  await Promise.all(rest.filter(stale).map(build));
}
