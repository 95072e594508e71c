import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig, parseEnv } from './env.js';

/** Provides the validated configuration and the clock everywhere. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => new AppConfig(parseEnv(process.env)) }, Clock],
  exports: [AppConfig, Clock],
})
export class ConfigModule {}
