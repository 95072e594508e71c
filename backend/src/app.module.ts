import { Module, type DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NulInterceptor } from './common/nul-interceptor.js';
import { ConfigModule } from './config/config.module.js';
import { AppConfig, type ProcessRole } from './config/env.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { MailModule } from './infra/mail/mail.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { ormOptions } from './mikro-orm.config.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { KindsModule } from './modules/kinds/kinds.module.js';
import { BodiesModule } from './modules/bodies/bodies.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { PeriodsModule } from './modules/periods/periods.module.js';
import { PublicModule } from './modules/public/public.module.js';
import { OverviewModule } from './modules/overview/overview.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MaintenanceModule } from './modules/maintenance/maintenance.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { IndicatorsModule } from './modules/indicators/indicators.module.js';
import { ExportsModule } from './modules/exports/exports.module.js';
import { SeedModule } from './modules/seed/seed.module.js';
import { SsoModule } from './modules/sso/sso.module.js';
import { UsersModule } from './modules/users/users.module.js';

export type { ProcessRole };

/** The application. The API and the worker load the same modules; only the API listens for HTTP. */
@Module({})
export class AppModule {
  static forRole(role: ProcessRole): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRole(role),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.env.LOG_LEVEL,
              name: `uppsikt-${role}`,
              genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID(),
              redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
              customProps: () => ({ role }),
            },
          }),
        }),
        MikroOrmModule.forRootAsync({
          driver: PostgreSqlDriver,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...ormOptions(config.env.DATABASE_URL, config.env.DB_POOL_MAX),
            registerRequestContext: true,
          }),
        }),
        DatabaseModule,
        RedisModule,
        QueueModule,
        MailModule,
        AuditModule,
        AuthModule,
        UsersModule,
        BodiesModule,
        KindsModule,
        CasesModule,
        PeriodsModule,
        ReportsModule,
        PublicModule,
        OverviewModule,
        HealthModule,
        NotificationsModule,
        MaintenanceModule,
        ImportsModule,
        IndicatorsModule,
        ExportsModule,
        AdminModule,
        SeedModule,
        SsoModule,
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: NulInterceptor }],
    };
  }
}
