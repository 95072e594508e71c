import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { DemoCasesSeeder } from './demo-cases.seeder.js';
import { SeedService } from './seed.service.js';

@Module({ imports: [UsersModule], providers: [SeedService, DemoCasesSeeder], exports: [SeedService] })
export class SeedModule {}
