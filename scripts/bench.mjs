// `pnpm bench`: benchmarks that print figures (filled in by the benchmark suites in test/bench/).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, root, run, say } from './lib.mjs';

ensureInstalled();
await ensureBuilt();
const dir = join(root, 'test', 'bench');
const suites = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort() : [];
if (!suites.length) {
  say('No benchmark suites yet (test/bench/*.bench.mjs).');
  process.exit(0);
}
let failed = 0;
for (const s of suites) {
  say(`── ${s} ──`);
  if (run('pnpm', ['exec', 'node', join(dir, s)]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
