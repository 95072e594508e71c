import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CaseImporter } from './case-importer.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ReportImporter } from './report-importer.js';

@Module({ imports: [CasesModule], controllers: [ImportsController], providers: [ImportsService, CaseImporter, ReportImporter], exports: [ImportsService] })
export class ImportsModule {}
