import { Logger } from '@nestjs/common';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import type { JobName } from '@uppsikt/shared';
import { JOB_HANDLER } from './job-handler.decorator.js';

export type JobHandlerFn = (data: unknown, job: Job) => Promise<unknown>;

const reflector = new Reflector();
const scanner = new MetadataScanner();

/** The job names a processor instance handles, with their methods (several per name is an error the registry reports). */
export function handlersOf(instance: object): Array<[JobName, JobHandlerFn]> {
  const found: Array<[JobName, JobHandlerFn]> = [];
  const record = instance as Record<string, unknown>;
  for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
    const fn = record[method];
    if (typeof fn !== 'function') continue;
    const name = reflector.get<JobName | undefined>(JOB_HANDLER, fn as () => unknown);
    if (name) found.push([name, (data, job) => (fn as JobHandlerFn).call(instance, data, job)]);
  }
  return found;
}

/**
 * A BullMQ processor (`@Processor(queue)` of @nestjs/bullmq) for one queue: dispatches each job by
 * name to the method marked `@JobHandler(name)`, inside a MikroORM context of its own, so no job
 * sees another's identity map. Workers are created with `autorun: false` in every process; only the
 * worker role (or `WORKER_IN_PROCESS=1`) starts them (`JobRegistry.startWorkers`).
 */
export abstract class JobProcessor extends WorkerHost {
  protected readonly logger = new Logger(this.constructor.name);
  private handlers?: Map<JobName, JobHandlerFn>;

  constructor(private readonly orm: MikroORM) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    this.handlers ??= new Map(handlersOf(this));
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job ${job.name} on ${this.constructor.name}`);
    return RequestContext.create(this.orm.em, () => handler(job.data, job));
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.warn(`Job ${job?.name} ${job?.id} failed: ${err.message}`);
  }

  /** Connection errors are logged once by RedisService; a listener keeps them from being thrown. */
  @OnWorkerEvent('error')
  onError(): void {}
}
