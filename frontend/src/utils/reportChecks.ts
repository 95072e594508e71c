import { asksForecast, scaleValues, type Kind, type Term } from '@uppsikt/shared';

export interface ReportFields {
  status: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
}

export interface SubmissionWarning {
  code: 'statusChangedSameComment' | 'commentCopied' | 'forecastContradicts';
  /** Field the warning is about (for aria-describedby). */
  path: 'status' | 'comment' | 'forecast';
}

function normalise(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/gu, ' ').trim();
}

/**
 * Things worth a second look before submitting; they never block.
 *  - the status differs from last period's but the comment is last period's word for word (an empty
 *    comment is not a warning: it is a problem that blocks submitting, reported once, as such);
 *  - the comment is word for word last period's;
 *  - status and forecast contradict (the forecast for the year is worse than where the case stands now).
 */
export function submissionWarnings(kind: Kind, term: Term, current: ReportFields, previous: Pick<ReportFields, 'status' | 'comment'> | null): SubmissionWarning[] {
  const warnings: SubmissionWarning[] = [];
  const comment = normalise(current.comment);
  const prevComment = normalise(previous?.comment);
  const sameComment = comment !== '' && comment === prevComment;
  if (previous?.status && current.status && previous.status !== current.status && sameComment) {
    warnings.push({ code: 'statusChangedSameComment', path: 'status' });
  }
  if (sameComment) warnings.push({ code: 'commentCopied', path: 'comment' });
  if (asksForecast(kind, term) && current.status && current.forecast) {
    const scale = scaleValues(kind);
    const s = scale.indexOf(current.status);
    const f = scale.indexOf(current.forecast);
    if (s >= 0 && f >= 0 && f > s) warnings.push({ code: 'forecastContradicts', path: 'forecast' });
  }
  return warnings;
}
