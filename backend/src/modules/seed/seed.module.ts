import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { PeriodsModule } from '../periods/periods.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoCasesSeeder } from './demo-cases.seeder.js';
import { SeedService } from './seed.service.js';

@Module({ imports: [UsersModule, CasesModule, PeriodsModule, ImportsModule], providers: [SeedService, DemoCasesSeeder], exports: [SeedService] })
export class SeedModule {}
