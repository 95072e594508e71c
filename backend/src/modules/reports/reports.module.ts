import { Global, Module } from '@nestjs/common';
import { ReportEvents } from './report.events.js';
import { ReportRepository } from './report.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Global()
@Module({ controllers: [ReportsController], providers: [ReportsService, ReportEvents, ReportRepository], exports: [ReportsService, ReportEvents, ReportRepository] })
export class ReportsModule {}
