import { QueueName } from '@uppsikt/shared';
import { JobQueue } from '../../src/infra/queue/job-queue.js';
import { startWorkers } from '../../src/startup.js';
import type { TestApp } from './app.js';

/** Runs the queue workers inside the test app (as WORKER_IN_PROCESS=1 does). */
export async function withWorkers(t: TestApp): Promise<void> {
  await startWorkers(t.app);
}

/** Waits until no queue has waiting or active jobs (delayed ones, such as future slots, may remain). */
export async function drainQueues(t: TestApp, timeoutMs = 30_000): Promise<void> {
  const queues = Object.values(QueueName).map((name) => t.get(JobQueue).queue(name));
  await waitUntil(
    async () => {
      let busy = 0;
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        busy += c.waiting + c.active + c.prioritized;
      }
      return busy === 0;
    },
    timeoutMs,
    'the queues to drain',
  );
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, label = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
