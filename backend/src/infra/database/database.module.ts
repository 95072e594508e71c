import { Global, Module } from '@nestjs/common';
import { ReadDb } from './read-db.js';

@Global()
@Module({ providers: [ReadDb], exports: [ReadDb] })
export class DatabaseModule {}
