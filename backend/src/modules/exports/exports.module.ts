import { Module } from '@nestjs/common';
import { AppendixCache } from './appendix-cache.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

@Module({ controllers: [ExportsController], providers: [ExportsService, AppendixCache], exports: [ExportsService] })
export class ExportsModule {}
