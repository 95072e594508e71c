import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { JobName } from '@uppsikt/shared';
import { AppConfig, ConfigError, parseEnv } from './config/env.js';
import { migrate, withStartupLock } from './infra/database/migrate.js';
import { QueueService } from './infra/queue/queue.service.js';
import { SeedService } from './modules/seed/seed.service.js';

/** Validates the environment before anything else; a bad value ends the process with one clear line each. */
export function checkEnvironmentOrExit(): void {
  try {
    parseEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** Applies migrations and first-start data (once across processes). */
export async function prepareDatabase(app: INestApplicationContext): Promise<void> {
  const orm = app.get(MikroORM);
  await migrate(orm);
  await withStartupLock(orm, () => app.get(SeedService).run());
}

/** Starts the queue workers and the recurring job schedulers (worker role). */
export async function startWorkers(app: INestApplicationContext): Promise<void> {
  const queue = app.get(QueueService);
  const config = app.get(AppConfig);
  queue.startWorkers();
  const ensureSchedules = async () => {
    await queue.schedule(JobName.PurgeSessions, 'purge-sessions', 3_600_000);
    await queue.schedule(JobName.CompactReadChanges, 'compact-read-changes', 10_000);
    await queue.schedule(JobName.Reconcile, 'reconcile', config.env.REMINDER_RECONCILE_SECONDS * 1000);
  };
  await ensureSchedules();
  await queue.add(JobName.Reconcile, {}, { jobId: `reconcile-start-${Date.now()}` });
  // Re-assert the schedules now and then: if Redis lost them (flushed, failed over), they come back.
  // Idempotent; it never does the work itself, so any number of workers may run it.
  const timer = setInterval(() => void ensureSchedules().catch(() => undefined), Math.max(5_000, config.env.REMINDER_RECONCILE_SECONDS * 1000));
  timer.unref();
  queue.onShutdown(() => clearInterval(timer));
}

/** Turns a start-up failure into one readable line instead of a stack trace. */
export function describeStartupError(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: Array<{ message?: string }> };
  const msg = err?.message || err?.errors?.map((x) => x.message).join('; ') || String(e);
  if (err?.code === 'ECONNREFUSED') return `Cannot reach a required service: ${msg}`;
  if (err?.code === '3D000') return `The database does not exist: ${msg}`;
  if (err?.code === '28P01' || err?.code === '28000') return `The database refused the login: ${msg}`;
  return msg;
}
