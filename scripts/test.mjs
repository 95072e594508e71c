// `pnpm test`: lint, typecheck, unit, integration and end-to-end tests; ends with one line
// "N passed, N failed[, N skipped]" totalling every suite. Fails when a suite fails or runs no test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ensureBuilt, ensureInstalled, root, say } from './lib.mjs';

ensureInstalled();
await ensureBuilt();

const out = join(root, 'test', 'artifacts', 'results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
/** Each failed test by file and name with its first error line, repeated under the summary (CI shows only the end of the log). */
const failures = [];
const firstLine = (text) => stripVTControlCharacters(String(text ?? '')).split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';

function check(name, cmd, args, cwd = root) {
  if (only.length && !only.includes(name)) return;
  say(`── ${name} ──`);
  const started = Date.now();
  const ok = spawnSync(cmd, args, { cwd, stdio: 'inherit' }).status === 0;
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function vitest(name, dir) {
  if (only.length && !only.includes(name)) return;
  say(`── ${name} ──`);
  const started = Date.now();
  const file = join(out, `${name}.json`);
  const status = spawnSync('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], { cwd: join(root, dir), stdio: 'inherit' }).status;
  let passed = 0, failed = 0, skipped = 0;
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.testResults ?? []).filter((s) => s.status === 'failed' && !s.assertionResults?.some((a) => a.status === 'failed')).length;
    skipped = r.numPendingTests + r.numTodoTests;
    for (const suite of r.testResults ?? []) {
      const file = suite.name.slice(root.length + 1);
      const failedTests = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const a of failedTests) failures.push(`${name} ${file} › ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`);
      if (suite.status === 'failed' && !failedTests.length) failures.push(`${name} ${file}: ${firstLine(suite.message)}`);
    }
  }
  if (status !== 0 && failed === 0) failed = 1; // the run itself failed (e.g. setup error)
  if (passed + failed === 0) failed = 1; // a suite that runs no test is a failure
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${failed ? 'FAIL' : 'ok  '} ${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

check('lint', 'pnpm', ['exec', 'eslint', '.', '--max-warnings=0']);
check('typecheck', 'pnpm', ['-r', '--workspace-concurrency=1', 'run', 'typecheck']);
vitest('shared', 'shared');
vitest('backend', 'backend');
vitest('frontend', 'frontend');
vitest('e2e', 'test');

say('── summary ──');
for (const l of lines) say(l);
if (failures.length) {
  say(`── failed tests (${failures.length}) ──`);
  for (const f of failures.slice(0, 30)) say(`  ${f}`);
}
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
console.log(summary);
process.exit(totals.failed ? 1 : 0);
