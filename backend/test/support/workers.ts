import { startWorkers } from '../../src/startup.js';
import type { TestApp } from './app.js';

/** Runs the queue workers inside the test app (as WORKER_IN_PROCESS=1 does). */
export async function withWorkers(t: TestApp): Promise<void> {
  await startWorkers(t.app);
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, label = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
