import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { JOB_QUEUE, JobName, QueueName } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { RedisService } from '../redis/redis.service.js';
import { JOB_HANDLER } from './job-handler.decorator.js';

type Handler = (data: unknown, job: Job) => Promise<unknown>;

export class JobRegistryError extends Error {}

/**
 * Producers for every queue (API and worker) and, in the worker, one BullMQ Worker per queue
 * that dispatches by job name to the method marked @JobHandler.
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private handlers = new Map<JobName, Handler>();

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.redis.connect(`queue-${name}`, { maxRetriesPerRequest: null, enableOfflineQueue: true }),
        prefix: this.config.env.REDIS_PREFIX,
        defaultJobOptions: { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 86_400 } },
      });
      q.on('error', () => undefined); // connection errors are logged once by RedisService
      this.queues.set(name, q);
    }
    return q;
  }

  /** Enqueues a job. A deterministic `jobId` makes a second add of the same work a no-op. */
  async add(name: JobName, data: unknown, opts: JobsOptions = {}): Promise<void> {
    if (opts.jobId?.includes(':')) throw new Error(`jobId may not contain ':' (${opts.jobId})`);
    await this.queue(JOB_QUEUE[name]).add(name, data, opts);
  }

  async schedule(name: JobName, schedulerId: string, everyMs: number, data: unknown = {}): Promise<void> {
    await this.queue(JOB_QUEUE[name]).upsertJobScheduler(schedulerId, { every: everyMs }, { name, data });
  }

  /** Finds every @JobHandler; throws when a job name has no handler or more than one. */
  discoverHandlers(): Map<JobName, Handler> {
    const found = new Map<JobName, Handler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, fn);
        if (!name) continue;
        const list = found.get(name) ?? [];
        list.push((data, job) => fn.call(instance, data, job));
        found.set(name, list);
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const n = found.get(name)?.length ?? 0;
      if (n === 0) problems.push(`job "${name}" has no handler`);
      if (n > 1) problems.push(`job "${name}" has ${n} handlers`);
    }
    for (const name of found.keys()) {
      if (!(Object.values(JobName) as string[]).includes(name)) problems.push(`handler for unknown job "${name}"`);
    }
    if (problems.length) throw new JobRegistryError(`Refusing to start: ${problems.join('; ')}`);
    return new Map([...found].map(([k, v]) => [k, v[0]]));
  }

  /** Starts one worker per queue (worker role only). */
  startWorkers(concurrency = 5): void {
    this.handlers = this.discoverHandlers();
    for (const queueName of new Set(Object.values(JOB_QUEUE))) {
      const worker = new Worker(
        queueName,
        async (job) => {
          const handler = this.handlers.get(job.name as JobName);
          if (!handler) throw new Error(`No handler for job ${job.name}`);
          return handler(job.data, job);
        },
        {
          connection: this.redis.connect(`worker-${queueName}`, { maxRetriesPerRequest: null, enableOfflineQueue: true }),
          prefix: this.config.env.REDIS_PREFIX,
          concurrency,
        },
      );
      worker.on('failed', (job, err) => this.logger.warn(`Job ${job?.name} ${job?.id} failed: ${err.message}`));
      worker.on('error', () => undefined);
      this.workers.push(worker);
    }
    this.logger.log(`Workers started for ${this.workers.length} queue(s), ${this.handlers.size} job type(s)`);
  }

  /** Waits until every queue is empty (tests and shutdown helpers). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const q of this.queues.values()) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += c.waiting + c.active + c.prioritized;
      }
      if (busy === 0) return;
      if (Date.now() > until) throw new Error('Queues did not drain in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private readonly shutdownHooks: Array<() => void> = [];

  onShutdown(hook: () => void): void {
    this.shutdownHooks.push(hook);
  }

  /** Graceful shutdown: workers finish their current jobs, then connections close. */
  async onApplicationShutdown(): Promise<void> {
    for (const h of this.shutdownHooks) h();
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
