import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig, parseEnv, type ProcessRole } from './env.js';

/** Provides the validated configuration and the clock everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRole(role: ProcessRole): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => new AppConfig(parseEnv(process.env, role)) }, Clock],
      exports: [AppConfig, Clock],
    };
  }
}
