import { Global, Module } from '@nestjs/common';
import { ReportEvents } from './report.events.js';
import { ReportReadRepository } from './report-read.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Global()
@Module({ controllers: [ReportsController], providers: [ReportsService, ReportEvents, ReportReadRepository], exports: [ReportsService, ReportEvents, ReportReadRepository] })
export class ReportsModule {}
