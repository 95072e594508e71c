import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { JobName, QueueName } from '@uppsikt/shared';
import { AppConfig, ConfigError, parseEnv, type ProcessRole } from './config/env.js';
import { migrate, withStartupLock } from './infra/database/migrate.js';
import { JobQueue } from './infra/queue/job-queue.js';
import { JobRegistry } from './infra/queue/job-registry.js';
import { KoladaSchedule } from './modules/indicators/kolada-schedule.js';
import { SeedService } from './modules/seed/seed.service.js';

/** Validates the environment before anything else; a bad value ends the process with one clear line each. */
export function checkEnvironmentOrExit(role: ProcessRole): void {
  try {
    parseEnv(process.env, role);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/**
 * Applies migrations (whichever process starts first) and, in the API, the first-start data (once
 * across API processes). The worker needs neither the first admin nor the demo data to start.
 */
export async function prepareDatabase(app: INestApplicationContext, role: ProcessRole): Promise<void> {
  const orm = app.get(MikroORM);
  await migrate(orm);
  if (role === 'api') await withStartupLock(orm, () => app.get(SeedService).run());
}

/** Starts the queue workers and the recurring job schedulers (worker role). */
export async function startWorkers(app: INestApplicationContext): Promise<void> {
  const config = app.get(AppConfig);
  const queue = app.get(JobQueue);
  app.get(JobRegistry).startWorkers({ [QueueName.Notifications]: config.env.NOTIFY_CONCURRENCY });
  const reconcileMs = config.env.REMINDER_RECONCILE_SECONDS * 1000;
  await queue.keepSchedules(
    [
      { name: JobName.PurgeSessions, id: 'purge-sessions', everyMs: 3_600_000 },
      { name: JobName.CompactReadChanges, id: 'compact-read-changes', everyMs: 10_000 },
      { name: JobName.Reconcile, id: 'reconcile', everyMs: reconcileMs },
    ],
    Math.max(5_000, reconcileMs),
  );
  await queue.add(JobName.Reconcile, {}, { jobId: `reconcile-start-${Date.now()}` });
  await app.get(KoladaSchedule).ensure();
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
