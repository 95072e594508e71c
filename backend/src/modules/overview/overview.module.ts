import { Module } from '@nestjs/common';
import { OverviewKinds } from './overview-kinds.js';
import { OverviewController } from './overview.controller.js';
import { OverviewRepository } from './overview.repository.js';
import { OverviewService } from './overview.service.js';

@Module({ controllers: [OverviewController], providers: [OverviewService, OverviewRepository, OverviewKinds] })
export class OverviewModule {}
