import { Module } from '@nestjs/common';
import { CaseImporter } from './case-importer.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ReportImporter } from './report-importer.js';

@Module({ controllers: [ImportsController], providers: [ImportsService, CaseImporter, ReportImporter], exports: [ImportsService] })
export class ImportsModule {}
