import { chmod, cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { embeddedNativeDir, startEmbeddedPostgres } from '../src/launcher/embedded-postgres.js';
import { MALLOC_ENV, NODE_FLAGS, withMallocEnv } from '../src/launcher/node-flags.js';

const asRoot = process.getuid?.() === 0;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL of pnpm start', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it('starts from a clone in a folder other users cannot enter (mode 0700), and finds its data again after a restart', async () => {
    const home = await mkdtemp(join(tmpdir(), 'uppsikt-0700-'));
    cleanup.push(home);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    // The clone's own copy of the server programs, as its node_modules holds them after `pnpm install`.
    const nativeDir = join(home, 'u', 'node_modules', 'native');
    await cp(embeddedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });
    const sharedRoot = await mkdtemp(join(tmpdir(), 'uppsikt-shared-'));
    cleanup.push(sharedRoot);
    await chmod(sharedRoot, 0o755);
    const dataDir = join(home, 'u', '.data');
    const lines: string[] = [];

    const first = await startEmbeddedPostgres(dataDir, (m) => lines.push(m), { nativeDir, sharedRoot });
    try {
      const [row] = await query<{ db: string; dir: string }>(first.url, "select current_database() as db, current_setting('data_directory') as dir");
      expect(row.db).toBe('uppsikt');
      expect(row.dir).toBe(first.dataDir);
      if (asRoot) {
        // PostgreSQL refuses root: it runs as `postgres`, from programs and data that user can reach.
        expect(first.dataDir.startsWith(sharedRoot)).toBe(true);
        expect(lines.some((l) => l.includes('cannot enter') && l.includes(first.dataDir))).toBe(true);
        expect((await stat(first.dataDir)).uid).not.toBe(0);
      } else {
        expect(first.dataDir).toBe(join(dataDir, 'pg'));
      }
      await query(first.url, 'create table kept (id int)');
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres(dataDir, () => undefined, { nativeDir, sharedRoot });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      const rows = await query<{ n: string }>(second.url, "select count(*) as n from pg_tables where tablename = 'kept'");
      expect(rows[0].n).toBe('1');
    } finally {
      await second.stop();
    }
  }, 120_000);
});

describe('process settings of every launcher (issue 18.3)', () => {
  const repo = join(import.meta.dirname, '..', '..');
  const read = (path: string) => readFileSync(join(repo, path), 'utf8');

  it('gives children the malloc settings unless the environment sets its own', () => {
    expect(withMallocEnv({ PORT: '3000' })).toMatchObject({ PORT: '3000', ...MALLOC_ENV });
    expect(withMallocEnv({ MALLOC_MMAP_THRESHOLD_: '131072' }).MALLOC_MMAP_THRESHOLD_).toBe('131072');
  });

  it('the image, the compose file and the package scripts start the API and the worker with the same flags and malloc setting', () => {
    const threshold = MALLOC_ENV.MALLOC_MMAP_THRESHOLD_;
    expect(read('infra/Dockerfile')).toContain(`ENV MALLOC_MMAP_THRESHOLD_=${threshold}`);
    expect(read('infra/Dockerfile')).toContain(JSON.stringify(['node', ...NODE_FLAGS.api, 'backend/dist/main.js']).replaceAll(',', ', '));
    const compose = read('infra/docker-compose.yml');
    expect(compose).toContain(JSON.stringify(['node', ...NODE_FLAGS.api, 'backend/dist/main.js']).replaceAll(',', ', '));
    expect(compose).toContain(JSON.stringify(['node', ...NODE_FLAGS.worker, 'backend/dist/worker.js']).replaceAll(',', ', '));
    const scripts = (JSON.parse(read('backend/package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`MALLOC_MMAP_THRESHOLD_=${threshold} node ${NODE_FLAGS.api.join(' ')} dist/main.js`);
    expect(scripts['start:worker']).toBe(`MALLOC_MMAP_THRESHOLD_=${threshold} node ${NODE_FLAGS.worker.join(' ')} dist/worker.js`);
  });
});
