import { Module } from '@nestjs/common';
import { PeriodsController } from './periods.controller.js';
import { PeriodRepository } from './period.repository.js';
import { PeriodsService } from './periods.service.js';

@Module({ controllers: [PeriodsController], providers: [PeriodsService, PeriodRepository], exports: [PeriodsService, PeriodRepository] })
export class PeriodsModule {}
