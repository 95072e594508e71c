import { Global, Module } from '@nestjs/common';
import { ChangeTokens } from '../cache/change-tokens.js';
import { ReadCache } from '../cache/read-cache.js';
import { ReadChangeMaintenance } from '../cache/read-change.maintenance.js';
import { ReadChangeRepository } from './read-change.repository.js';
import { Sql } from './sql.js';

@Global()
@Module({ providers: [Sql, ReadChangeRepository, ChangeTokens, ReadCache, ReadChangeMaintenance], exports: [Sql, ChangeTokens, ReadCache, ReadChangeMaintenance] })
export class DatabaseModule {}
