import type { Period } from '@uppsikt/shared';
import { isoOrNull } from '../../common/iso.js';
import type { PeriodEntity } from './period.entity.js';

export function periodView(p: PeriodEntity): Period {
  return {
    id: p.id,
    year: p.year,
    term: p.term,
    periodEnd: p.periodEnd,
    submissionDeadline: p.submissionDeadline.toISOString(),
    reviewDeadline: isoOrNull(p.reviewDeadline),
    reminderOffsets: [...p.reminderOffsets],
    escalationOffsets: [...p.escalationOffsets],
    state: p.state,
    published: p.published,
    version: p.version,
  };
}
