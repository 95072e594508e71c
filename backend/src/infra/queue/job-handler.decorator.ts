import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@uppsikt/shared';

export const JOB_HANDLER = Symbol('uppsikt:job-handler');

/**
 * Marks a method of a queue processor (a `JobProcessor`) as the handler of a job. Each job name
 * must have exactly one, on the processor of the job's queue (`JOB_QUEUE`); checked at boot.
 */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
