import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { QueueService } from './queue.service.js';

@Global()
@Module({ imports: [DiscoveryModule], providers: [QueueService], exports: [QueueService] })
export class QueueModule {}
