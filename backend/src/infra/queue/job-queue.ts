import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, QueueName, type JobName } from '@uppsikt/shared';

export interface Schedule {
  name: JobName;
  /** The job scheduler's id (one per schedule, whatever the number of processes). */
  id: string;
  everyMs: number;
}

/** BullMQ refuses custom ids with ':'; say so before Redis does, with the id. */
function checkJobId(jobId: string | undefined): void {
  if (jobId?.includes(':')) throw new Error(`jobId may not contain ':' (${jobId})`);
}

/**
 * Producer for every job (API and worker alike): picks the job's queue (registered with
 * `BullModule.registerQueue`) and enforces the job-id rules. A deterministic `jobId` makes a second
 * add of the same work a no-op.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    // Connection errors are logged once by RedisService; without a listener a queue would throw them.
    for (const name of Object.values(QueueName)) this.queue(name).on('error', () => undefined);
  }

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  async add(name: JobName, data: unknown, opts: JobsOptions = {}): Promise<void> {
    checkJobId(opts.jobId);
    await this.queue(JOB_QUEUE[name]).add(name, data, opts);
  }

  /** Many jobs of one kind in one round trip per queue (Redis MULTI). */
  async addBulk(name: JobName, jobs: Array<{ data: unknown; opts?: JobsOptions }>): Promise<void> {
    if (!jobs.length) return;
    for (const j of jobs) checkJobId(j.opts?.jobId);
    await this.queue(JOB_QUEUE[name]).addBulk(jobs.map((j) => ({ name, data: j.data, opts: j.opts })));
  }

  async schedule(s: Schedule, data: unknown = {}): Promise<void> {
    await this.queue(JOB_QUEUE[s.name]).upsertJobScheduler(s.id, { every: s.everyMs }, { name: s.name, data });
  }

  /**
   * Creates the job schedulers now and re-asserts them every `everyMs`: should Redis lose them
   * (flushed, failed over), they come back. Idempotent, so any number of workers may run it.
   */
  async keepSchedules(schedules: Schedule[], everyMs: number): Promise<void> {
    const ensure = () => Promise.all(schedules.map((s) => this.schedule(s)));
    await ensure();
    clearInterval(this.timer);
    this.timer = setInterval(() => void ensure().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
