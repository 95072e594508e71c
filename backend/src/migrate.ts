import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, parseEnv } from './config/env.js';
import { migrate } from './infra/database/migrate.js';
import { ormOptions } from './mikro-orm.config.js';

/** One-shot: applies pending migrations and exits (the compose `migrate` service). */
try {
  const env = parseEnv(process.env);
  const orm = await MikroORM.init({ ...ormOptions(env.DATABASE_URL, 2), logger: (m) => process.stdout.write(`${m}\n`) });
  const applied = await migrate(orm);
  process.stdout.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Database is up to date\n');
  await orm.close(true);
} catch (e) {
  process.stderr.write(`${e instanceof ConfigError ? e.message : `Migration failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
  process.exit(1);
}
