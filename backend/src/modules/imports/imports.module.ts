import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { IndicatorImporter } from './indicator-importer.js';
import { CaseImporter } from './case-importer.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ReportImporter } from './report-importer.js';

@Module({ imports: [CasesModule, IndicatorsModule], controllers: [ImportsController], providers: [ImportsService, CaseImporter, ReportImporter, IndicatorImporter], exports: [ImportsService] })
export class ImportsModule {}
