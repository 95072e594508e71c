import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../infra/database/database.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MaintenanceProcessor } from './maintenance.processor.js';

@Module({ imports: [AuthModule, DatabaseModule], providers: [MaintenanceProcessor] })
export class MaintenanceModule {}
