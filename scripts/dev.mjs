// `pnpm dev`: watch mode. The API restarts on backend changes (tsc -w + node --watch),
// the web app reloads through Vite's dev server (http://localhost:5173, proxying /api).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, root, say } from './lib.mjs';

ensureInstalled();
await ensureBuilt();
const env = { ...process.env, WORKER_IN_PROCESS: process.env.WORKER_IN_PROCESS ?? '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
const procs = [
  spawn('pnpm', ['--filter', '@uppsikt/shared', 'exec', 'tsc', '-w', '-p', 'tsconfig.json', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn('pnpm', ['--filter', '@uppsikt/backend', 'exec', 'tsc', '-w', '-p', 'tsconfig.build.json', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn('pnpm', ['exec', 'node', '--watch-path=backend/dist', '--watch-path=shared/dist', join('backend', 'dist', 'launch.js')], { cwd: root, stdio: 'inherit', env }),
  spawn('pnpm', ['--filter', '@uppsikt/frontend', 'run', 'dev'], { cwd: root, stdio: 'inherit' }),
];
say('Dev mode: web app with hot reload on http://localhost:5173, API on http://localhost:3000');
const stop = () => {
  for (const p of procs) p.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
