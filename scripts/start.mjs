// `pnpm start`: install and build what is missing or stale, then run the API and the worker
// with zero-setup defaults (embedded PostgreSQL, local Redis, mail catcher, demo data).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, root } from './lib.mjs';

ensureInstalled();
await ensureBuilt();
const child = spawn('pnpm', ['exec', 'node', '--enable-source-maps', join(root, 'backend', 'dist', 'launch.js')], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
