import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { AppendixCache } from './appendix-cache.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

@Module({ imports: [IndicatorsModule], controllers: [ExportsController], providers: [ExportsService, AppendixCache], exports: [ExportsService] })
export class ExportsModule {}
