import type pg from 'pg';

/** Creates the database `name` over an admin connection unless it exists (the embedded PostgreSQL of `pnpm start`). */
export async function createDatabaseIfMissing(client: pg.Client, name: string): Promise<void> {
  const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/gu, '""')}"`);
}
