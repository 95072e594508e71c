// First start (issue 18.4): a fresh clone of this repository, `pnpm start` with the package store
// as warm as this machine's, timed until /api/health answers 200 — install, build, embedded
// PostgreSQL, migrations and demo data included. Writes test/bench/results-first-start.json.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root, stopChild } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'uppsikt-first-start-'));
chmodSync(dir, 0o755);
const clone = join(dir, 'uppsikt');
const head = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
if (spawnSync('git', ['clone', '--quiet', root, clone], { stdio: 'inherit' }).status !== 0) throw new Error('git clone failed');

const port = await freePort();
const env = { ...process.env, PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, REDIS_PREFIX: `uppsikt_first_${port}` };
for (const k of ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'UPPSIKT_DEMO', 'npm_config_user_agent']) delete env[k];

// Each line of output stamped with the seconds since `pnpm start`; the phases are read from them.
const t0 = performance.now();
const at = () => Math.round((performance.now() - t0) / 100) / 10;
const lines = [];
const start = spawn('pnpm', ['start'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
for (const stream of [start.stdout, start.stderr]) {
  let rest = '';
  stream.on('data', (chunk) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop();
    for (const line of parts) lines.push({ at: at(), line });
  });
}
let healthy = null;
while (healthy === null) {
  if (start.exitCode !== null) throw new Error(`pnpm start stopped:\n${lines.slice(-20).map((l) => l.line).join('\n')}`);
  try {
    if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) healthy = at();
  } catch {
    /* not up yet */
  }
  if (healthy === null) await new Promise((r) => setTimeout(r, 200));
  if (at() > 600) throw new Error('no healthy /api/health within 10 minutes');
}
const first = (re) => lines.find((l) => re.test(l.line))?.at ?? null;
const phases = {
  install_done_s: first(/^Done in |Already up to date/u),
  build_started_s: first(/Building @uppsikt\/shared/u),
  builds_done_s: first(/Creating an embedded PostgreSQL|Embedded PostgreSQL on/u),
  postgres_ready_s: first(/Embedded PostgreSQL on/u),
  api_listening_s: first(/Uppsikt API listening/u),
  healthy_s: healthy,
};
process.kill(-start.pid, 'SIGTERM');
await stopChild(start);
rmSync(dir, { recursive: true, force: true });

const out = { commit: head, seconds_to_healthy: healthy, phases, env: { node: process.version, cpus: cpus().length, load_average_1m: Math.round(loadavg()[0] * 10) / 10, at: new Date().toISOString() } };
console.log(`First start of a fresh clone (${head}) to a healthy /api/health: ${healthy} s (target < 60 s)`, phases);
writeFileSync(join(root, 'test', 'bench', 'results-first-start.json'), `${JSON.stringify(out, null, 2)}\n`);
