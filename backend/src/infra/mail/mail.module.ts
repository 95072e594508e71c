import { Global, Module } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/env.js';
import { Sql } from '../database/sql.js';
import { CatcherMailDriver } from './catcher.driver.js';
import { MailPort } from './mail.port.js';
import { SmtpMailDriver } from './smtp.driver.js';

@Global()
@Module({
  providers: [
    {
      provide: MailPort,
      inject: [AppConfig, EntityManager, Sql],
      useFactory: (config: AppConfig, em: EntityManager, sql: Sql) =>
        config.env.SMTP_URL ? new SmtpMailDriver(config) : new CatcherMailDriver(em, config, sql),
    },
  ],
  exports: [MailPort],
})
export class MailModule {}
