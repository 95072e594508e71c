import { Module } from '@nestjs/common';
import { PeriodsModule } from '../periods/periods.module.js';
import { CasesController } from './cases.controller.js';
import { CaseRepository } from './case.repository.js';
import { CaseWriter } from './case-writer.js';
import { CasesService } from './cases.service.js';

@Module({ imports: [PeriodsModule], controllers: [CasesController], providers: [CasesService, CaseRepository, CaseWriter], exports: [CasesService, CaseRepository, CaseWriter] })
export class CasesModule {}
