import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { QueueName } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { RedisService } from '../redis/redis.service.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';

/**
 * The queues (BullMQ through @nestjs/bullmq), each with its own Redis connection under
 * REDIS_PREFIX. Processors live in their feature modules (`@Processor(queue)` + `JobProcessor`).
 */
const queues = BullModule.registerQueueAsync(
  ...Object.values(QueueName).map((name) => ({
    name,
    inject: [AppConfig, RedisService],
    useFactory: (config: AppConfig, redis: RedisService) => ({
      connection: redis.connect(`queue-${name}`, { maxRetriesPerRequest: null, enableOfflineQueue: true }),
      prefix: config.env.REDIS_PREFIX,
      defaultJobOptions: { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 86_400 } },
    }),
  })),
);

@Global()
@Module({
  imports: [DiscoveryModule, queues],
  providers: [JobQueue, JobRegistry],
  exports: [queues, JobQueue, JobRegistry],
})
export class QueueModule {}
