import { Global, Module } from '@nestjs/common';
import { ChangeTokens } from '../cache/change-tokens.js';
import { ReadCache } from '../cache/read-cache.js';
import { ReadChangeMaintenance } from '../cache/read-change.maintenance.js';
import { ReadDb } from './read-db.js';

@Global()
@Module({ providers: [ReadDb, ChangeTokens, ReadCache, ReadChangeMaintenance], exports: [ReadDb, ChangeTokens, ReadCache] })
export class DatabaseModule {}
