import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB_QUEUE, JobName, QueueName } from '@uppsikt/shared';
import { handlersOf, JobProcessor } from './job-processor.js';

export class JobRegistryError extends Error {}

/** @nestjs/bullmq's @Processor metadata key (its accessor is internal). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

function queueOf(processor: JobProcessor): string | undefined {
  const meta = Reflect.getMetadata(PROCESSOR_METADATA, processor.constructor) as { name?: string } | undefined;
  return meta?.name;
}

/**
 * Checks at boot that the processors (`@Processor` classes extending `JobProcessor`) cover every job
 * exactly once, each on its own queue, one processor per queue; starts their workers in the worker role.
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobRegistry.name);

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.discoverHandlers();
  }

  processors(): JobProcessor[] {
    return this.discovery
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is JobProcessor => i instanceof JobProcessor);
  }

  /** Which processor handles each job; throws when a job has no handler or several, or sits on the wrong queue. */
  discoverHandlers(): Map<JobName, JobProcessor> {
    const problems: string[] = [];
    const byJob = new Map<JobName, JobProcessor[]>();
    const byQueue = new Map<string, JobProcessor[]>();
    for (const p of this.processors()) {
      const queue = queueOf(p);
      if (!queue) problems.push(`${p.constructor.name} has no @Processor(queue)`);
      else byQueue.set(queue, [...(byQueue.get(queue) ?? []), p]);
      for (const [name] of handlersOf(p)) {
        byJob.set(name, [...(byJob.get(name) ?? []), p]);
        if (!(Object.values(JobName) as string[]).includes(name)) problems.push(`handler for unknown job "${name}"`);
        else if (queue && JOB_QUEUE[name] !== queue) problems.push(`job "${name}" runs on queue ${JOB_QUEUE[name]} but its handler is on ${queue}`);
      }
    }
    for (const name of Object.values(JobName)) {
      const n = byJob.get(name)?.length ?? 0;
      if (n === 0) problems.push(`job "${name}" has no handler`);
      if (n > 1) problems.push(`job "${name}" has ${n} handlers`);
    }
    for (const [queue, list] of byQueue) {
      if (list.length > 1) problems.push(`queue ${queue} has ${list.length} processors (${list.map((p) => p.constructor.name).join(', ')})`);
      if (!(Object.values(QueueName) as string[]).includes(queue)) problems.push(`processor for unknown queue ${queue}`);
    }
    if (problems.length) throw new JobRegistryError(`Refusing to start: ${problems.join('; ')}`);
    return new Map([...byJob].map(([k, v]) => [k, v[0]]));
  }

  /** Starts every processor's worker (worker role, or WORKER_IN_PROCESS=1). */
  startWorkers(concurrency: Partial<Record<QueueName, number>> = {}): void {
    const handled = this.discoverHandlers();
    const processors = this.processors();
    for (const p of processors) {
      const n = concurrency[queueOf(p) as QueueName];
      if (n) p.worker.concurrency = n;
      if (!p.worker.isRunning()) void p.worker.run().catch((e: Error) => this.logger.error(`Worker of ${queueOf(p)} stopped: ${e.message}`));
    }
    this.logger.log(`Workers started for ${processors.length} queue(s), ${handled.size} job type(s)`);
  }
}
