import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@uppsikt/shared';

export const JOB_HANDLER = Symbol('uppsikt:job-handler');

/** Marks a provider method as the handler of a job. Each job name must have exactly one. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
