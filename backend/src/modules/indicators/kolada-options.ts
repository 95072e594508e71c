import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '../../config/env.js';

/** Retries of a failed Kolada fetch: exponential backoff with jitter (BullMQ's own), KOLADA_ATTEMPTS in all. */
export function koladaJobOptions(config: AppConfig): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return { attempts: config.env.KOLADA_ATTEMPTS, backoff: { type: 'exponential', delay: config.env.KOLADA_BACKOFF_MS, jitter: 0.5 } };
}
