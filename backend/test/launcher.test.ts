import { chmod, cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedNativeDir, startEmbeddedPostgres } from '../src/launcher/embedded-postgres.js';

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
