import { Global, Module } from '@nestjs/common';
import { KindRegistry } from './kind-registry.js';
import { KindRepository } from './kind.repository.js';
import { KindsController } from './kinds.controller.js';
import { KindsService } from './kinds.service.js';

/** Kinds of case as data; `KindRegistry` is how every other module looks a kind up. */
@Global()
@Module({ controllers: [KindsController], providers: [KindRepository, KindRegistry, KindsService], exports: [KindRegistry, KindsService] })
export class KindsModule {}
