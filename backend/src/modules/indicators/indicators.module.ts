import { Module } from '@nestjs/common';
import { IndicatorRepository } from './indicator.repository.js';
import { IndicatorsController } from './indicators.controller.js';
import { IndicatorsService } from './indicators.service.js';
import { KoladaClient } from './kolada.client.js';
import { KoladaProcessor } from './kolada.processor.js';
import { KoladaSchedule } from './kolada-schedule.js';
import { KoladaSync } from './kolada-sync.js';

@Module({
  controllers: [IndicatorsController],
  providers: [IndicatorRepository, IndicatorsService, KoladaClient, KoladaSync, KoladaSchedule, KoladaProcessor],
  exports: [IndicatorRepository, IndicatorsService, KoladaSchedule],
})
export class IndicatorsModule {}
