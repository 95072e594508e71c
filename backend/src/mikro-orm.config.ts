import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { ENTITIES } from './infra/database/entities.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * MikroORM options for a database URL. Used by the app, the CLI and the tests.
 * `snapshot` is for the CLI only: `migrator.up()` rewrites the snapshot from the live database, and a
 * running app (or a test) must not write into its own source tree.
 */
export function ormOptions(databaseUrl: string, poolMax = 10, { snapshot = false }: { snapshot?: boolean } = {}): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    forceUtcTimezone: true,
    migrations: {
      path: join(here, 'migrations'),
      pathTs: join(here, '..', 'src', 'migrations'),
      glob: '!(*.d).{js,ts}',
      emit: 'ts',
      snapshot,
      snapshotName: '.snapshot-uppsikt',
      transactional: true,
      allOrNothing: true,
    },
    debug: false,
  });
}

export default ormOptions(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/uppsikt', 10, { snapshot: true });
