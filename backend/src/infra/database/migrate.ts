import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';

const MIGRATION_LOCK = 7_316_001;

/**
 * Runs `work` while holding a PostgreSQL advisory lock on its own connection, so that when
 * several processes start together only one migrates or seeds at a time.
 */
export async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM, databaseUrl: string): Promise<string[]> {
  return withStartupLock(databaseUrl, async () => (await orm.migrator.up()).map((m) => m.name));
}
