import type { PostgreSqlConnection } from '@mikro-orm/postgresql';

/** What start-up needs of the ORM (any MikroORM instance for PostgreSQL, whatever its entity list's type). */
interface StartupOrm {
  em: { getConnection(): unknown };
  migrator: { up(): Promise<Array<{ name: string }>> };
}

const MIGRATION_LOCK = 7_316_001;

/**
 * Runs `work` while holding a PostgreSQL advisory lock on a connection of the ORM's own pool, so
 * that when several processes start together only one migrates or seeds at a time.
 */
export async function withStartupLock<T>(orm: StartupOrm, work: () => Promise<T>): Promise<T> {
  const pool = await (orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: StartupOrm): Promise<string[]> {
  return withStartupLock(orm, async () => (await orm.migrator.up()).map((m) => m.name));
}
